"""Accounts in the administration: programme staff manage partner accounts (name, e-mail,
active, memberships) and nothing more; staff and superuser accounts are read-only to them."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.factories import TEST_PASSWORD, MembershipFactory, UserFactory
from wwidw.models import MembershipChange, User
from wwidw.permissions import PROGRAMME_STAFF_GROUP

ACCESS_INPUTS = [
    'name="is_staff"',
    'name="is_superuser"',
    'name="groups"',
    'name="user_permissions"',
]


def _hostile_data(user: User, **changes) -> dict:
    """A change form of `user` as posted, with every access field an attacker would add."""
    return {
        "email": user.email,
        "full_name": user.full_name,
        "job_title": user.job_title,
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "groups": [Group.objects.get(name=PROGRAMME_STAFF_GROUP).pk],
        "user_permissions": [Permission.objects.get(codename="delete_user").pk],
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        **changes,
    }


def _assert_no_access(user: User) -> None:
    user.refresh_from_db()
    assert not user.is_superuser
    assert not user.is_staff
    assert not user.groups.exists()
    assert not user.user_permissions.exists()


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("beheer@wwidw.example", TEST_PASSWORD, full_name="Beheer")


@pytest.fixture
def colleague(db):
    user = UserFactory(full_name="Collega Programmabureau", is_staff=True)
    user.groups.add(Group.objects.get(name=PROGRAMME_STAFF_GROUP))
    return user


@pytest.fixture(params=["superuser", "colleague", "programme_staff"])
def staff_account(request):
    """A superuser, another programme staff member, and the programme staff member themselves."""
    return request.getfixturevalue(request.param)


@pytest.fixture
def may_delete_accounts(programme_staff):
    """Programme staff who were also given the right to delete accounts."""
    programme_staff.user_permissions.add(Permission.objects.get(codename="delete_user"))
    return User.objects.get(pk=programme_staff.pk)


def test_programme_staff_do_not_see_the_access_fields(client, programme_staff, member_a):
    client.force_login(programme_staff)
    response = client.get(reverse("admin:wwidw_user_change", args=[member_a.pk]))
    assertContains(response, 'name="is_active"')
    for field in ACCESS_INPUTS:
        assertNotContains(response, field)


def test_superusers_see_the_access_fields(client, superuser, member_a):
    client.force_login(superuser)
    response = client.get(reverse("admin:wwidw_user_change", args=[member_a.pk]))
    for field in ACCESS_INPUTS:
        assertContains(response, field)


def test_posted_access_fields_are_ignored_for_programme_staff(client, programme_staff, member_a):
    client.force_login(programme_staff)
    url = reverse("admin:wwidw_user_change", args=[member_a.pk])
    response = client.post(url, _hostile_data(member_a, full_name="Youssef El Amrani-Bakker"))
    assertRedirects(response, reverse("admin:wwidw_user_changelist"))
    _assert_no_access(member_a)
    assert member_a.full_name == "Youssef El Amrani-Bakker"


def test_programme_staff_cannot_make_themselves_superuser(client, programme_staff):
    client.force_login(programme_staff)
    url = reverse("admin:wwidw_user_change", args=[programme_staff.pk])
    response = client.post(url, _hostile_data(programme_staff))
    assert response.status_code == 403
    programme_staff.refresh_from_db()
    assert not programme_staff.is_superuser


def test_superusers_still_give_access(client, superuser, member_a):
    client.force_login(superuser)
    url = reverse("admin:wwidw_user_change", args=[member_a.pk])
    response = client.post(url, _hostile_data(member_a))
    assertRedirects(response, reverse("admin:wwidw_user_changelist"))
    member_a.refresh_from_db()
    assert member_a.is_superuser
    assert member_a.groups.get().name == PROGRAMME_STAFF_GROUP


def test_an_account_added_by_programme_staff_gets_no_access(client, programme_staff):
    client.force_login(programme_staff)
    data = _hostile_data(
        User(email="nieuw@partner.example", full_name="Nieuwe Collega"),
        usable_password="false",
    )
    response = client.post(reverse("admin:wwidw_user_add"), data)
    new_user = User.objects.get(email="nieuw@partner.example")
    assertRedirects(response, reverse("admin:wwidw_user_change", args=[new_user.pk]))
    _assert_no_access(new_user)


def test_staff_accounts_are_read_only_to_programme_staff(
    client, programme_staff, staff_account, partner_a
):
    MembershipFactory(user=staff_account, organisation=partner_a)
    client.force_login(programme_staff)
    response = client.get(reverse("admin:wwidw_user_change", args=[staff_account.pk]))
    assertContains(response, staff_account.email)
    assertContains(response, "Woonstichting De Maasoever")
    assertNotContains(response, 'name="_save"')
    assertNotContains(response, 'name="email"')
    assertNotContains(response, 'name="memberships-0-role"')


def test_programme_staff_cannot_change_a_staff_account(client, programme_staff, staff_account):
    client.force_login(programme_staff)
    url = reverse("admin:wwidw_user_change", args=[staff_account.pk])
    response = client.post(
        url, _hostile_data(staff_account, full_name="Overgenomen", is_active="")
    )
    assert response.status_code == 403
    staff_account.refresh_from_db()
    assert staff_account.full_name != "Overgenomen"
    assert staff_account.is_active


def test_programme_staff_cannot_set_a_staff_accounts_password(
    client, programme_staff, staff_account
):
    client.force_login(programme_staff)
    url = reverse("admin:auth_user_password_change", args=[staff_account.pk])
    assert client.get(url).status_code == 403
    data = {
        "usable_password": "true",
        "password1": "Overname-2026!",
        "password2": "Overname-2026!",
    }
    response = client.post(url, data)
    assert response.status_code == 403
    staff_account.refresh_from_db()
    assert staff_account.check_password(TEST_PASSWORD)


def test_programme_staff_cannot_delete_a_staff_account(
    client, may_delete_accounts, superuser, colleague
):
    client.force_login(may_delete_accounts)
    for account in (superuser, colleague, may_delete_accounts):
        url = reverse("admin:wwidw_user_delete", args=[account.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"post": "yes"}).status_code == 403
        assert User.objects.filter(pk=account.pk).exists()


def test_bulk_delete_refuses_a_selection_with_a_staff_account(
    client, may_delete_accounts, superuser, member_a
):
    client.force_login(may_delete_accounts)
    data = {"action": "delete_selected", "_selected_action": [superuser.pk, member_a.pk]}
    url = reverse("admin:wwidw_user_changelist")
    assertNotContains(client.post(url, data), 'name="post"')  # no confirmation to give
    response = client.post(url, {**data, "post": "yes"})
    assert response.status_code == 403
    assert User.objects.filter(pk__in=[superuser.pk, member_a.pk]).count() == 2


def test_programme_staff_with_the_right_delete_a_partner_account(
    client, may_delete_accounts, member_a, partner_a
):
    client.force_login(may_delete_accounts)
    url = reverse("admin:wwidw_user_changelist")
    data = {"action": "delete_selected", "_selected_action": [member_a.pk], "post": "yes"}
    assertRedirects(client.post(url, data), url)
    assert not User.objects.filter(pk=member_a.pk).exists()
    removal = MembershipChange.objects.get(organisation=partner_a)
    assert (removal.action, removal.member, removal.member_name) == (
        "verwijderd",
        None,
        "Youssef El Amrani",
    )


def test_history_of_a_staff_account_is_readable(client, programme_staff, superuser):
    client.force_login(programme_staff)
    response = client.get(reverse("admin:wwidw_user_history", args=[superuser.pk]))
    assertContains(response, "Beheer")


NEW_PASSWORD = {
    "usable_password": "true",
    "password1": "Nieuw-wachtw-2026",
    "password2": "Nieuw-wachtw-2026",
}


def test_programme_staff_cannot_set_a_partner_password(client, programme_staff, partner_a):
    # With a password of their choosing they could sign in as a partner's manager.
    partner_account = MembershipFactory(organisation=partner_a).user
    client.force_login(programme_staff)
    url = reverse("admin:auth_user_password_change", args=[partner_account.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, NEW_PASSWORD).status_code == 403
    partner_account.refresh_from_db()
    assert partner_account.check_password(TEST_PASSWORD)
    change_page = client.get(reverse("admin:wwidw_user_change", args=[partner_account.pk]))
    assertNotContains(change_page, "../password/")


def test_superusers_set_a_partner_password(client, superuser, partner_a):
    partner_account = MembershipFactory(organisation=partner_a).user
    client.force_login(superuser)
    url = reverse("admin:auth_user_password_change", args=[partner_account.pk])
    assertRedirects(
        client.post(url, NEW_PASSWORD),
        reverse("admin:wwidw_user_change", args=[partner_account.pk]),
    )
    partner_account.refresh_from_db()
    assert partner_account.check_password("Nieuw-wachtw-2026")


def test_an_account_added_by_programme_staff_has_no_password_they_know(client, programme_staff):
    client.force_login(programme_staff)
    add_page = client.get(reverse("admin:wwidw_user_add"))
    assertNotContains(add_page, 'name="password1"')
    data = _hostile_data(
        User(email="nieuw@partner.example", full_name="Nieuwe Collega"), **NEW_PASSWORD
    )
    response = client.post(reverse("admin:wwidw_user_add"), data)
    new_user = User.objects.get(email="nieuw@partner.example")
    assertRedirects(response, reverse("admin:wwidw_user_change", args=[new_user.pk]))
    assert not new_user.has_usable_password()
