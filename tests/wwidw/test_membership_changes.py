"""The trail of membership changes: every membership that is added, changed or removed in the
administration is recorded and e-mailed to the organisation's managers, who read the trail on
the site; nobody but a superuser gives themselves (or another staff account) a membership."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.factories import TEST_PASSWORD, MembershipFactory, UserFactory
from wwidw import services
from wwidw.models import Membership, MembershipChange, User
from wwidw.permissions import PROGRAMME_STAFF_GROUP

OWN_MEMBERSHIP_MESSAGE = "Je kunt jezelf geen lidmaatschap geven."
STAFF_MEMBERSHIP_MESSAGE = (
    "Alleen een beheerder kan een account met toegang tot het beheer een lidmaatschap"
)


def _management_form(prefix: str, total: int, initial: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _organisation_data(organisation, rows: list[dict], initial: int = 0) -> dict:
    """The organisation's change form as posted, with membership rows for its inline."""
    data = {
        "name": organisation.name,
        "slug": organisation.slug,
        "kind": organisation.kind,
        "city": organisation.city,
        "website": organisation.website,
        "is_active": "on",
        **_management_form("memberships", len(rows), initial),
    }
    for index, row in enumerate(rows):
        data |= {f"memberships-{index}-{key}": value for key, value in row.items()}
        data[f"memberships-{index}-organisation"] = organisation.pk
    return data


def _user_data(user: User, rows: list[dict], initial: int = 0) -> dict:
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "job_title": user.job_title,
        "is_active": "on",
        **_management_form("memberships", len(rows), initial),
    }
    for index, row in enumerate(rows):
        data |= {f"memberships-{index}-{key}": value for key, value in row.items()}
        data[f"memberships-{index}-user"] = user.pk
    return data


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("beheer@wwidw.example", TEST_PASSWORD, full_name="Beheer")


@pytest.fixture
def colleague(db):
    user = UserFactory(full_name="Collega Programmabureau", is_staff=True)
    user.groups.add(Group.objects.get(name=PROGRAMME_STAFF_GROUP))
    return user


# Programme staff cannot give themselves (or a colleague) a membership.


def test_programme_staff_cannot_make_themselves_manager(client, programme_staff, partner_a):
    client.force_login(programme_staff)
    data = {"user": programme_staff.pk, "organisation": partner_a.pk, "role": "manager"}
    response = client.post(reverse("admin:wwidw_membership_add"), data)
    assertContains(response, OWN_MEMBERSHIP_MESSAGE)
    assert not Membership.objects.filter(user=programme_staff).exists()
    assert not MembershipChange.objects.exists()


def test_programme_staff_cannot_join_through_the_organisation_page(
    client, programme_staff, partner_a
):
    client.force_login(programme_staff)
    url = reverse("admin:wwidw_organisation_change", args=[partner_a.pk])
    row = {"user": programme_staff.pk, "role": "manager"}
    response = client.post(url, _organisation_data(partner_a, [row]))
    assertContains(response, OWN_MEMBERSHIP_MESSAGE)
    assert not Membership.objects.filter(user=programme_staff).exists()


def test_programme_staff_cannot_take_over_a_membership(
    client, programme_staff, manager_a, partner_a
):
    membership = manager_a.memberships.get()
    client.force_login(programme_staff)
    url = reverse("admin:wwidw_membership_change", args=[membership.pk])
    data = {"user": programme_staff.pk, "organisation": partner_a.pk, "role": "manager"}
    assertContains(client.post(url, data), OWN_MEMBERSHIP_MESSAGE)
    membership.refresh_from_db()
    assert membership.user == manager_a


def test_programme_staff_cannot_give_a_colleague_a_membership(
    client, programme_staff, colleague, partner_a
):
    client.force_login(programme_staff)
    data = {"user": colleague.pk, "organisation": partner_a.pk, "role": "manager"}
    response = client.post(reverse("admin:wwidw_membership_add"), data)
    assertContains(response, STAFF_MEMBERSHIP_MESSAGE)
    assert not Membership.objects.filter(user=colleague).exists()


def test_the_service_refuses_an_own_membership_too(programme_staff, partner_a):
    membership = Membership(user=programme_staff, organisation=partner_a, role="manager")
    with pytest.raises(ValidationError) as error:
        services.save_membership(membership=membership, by=programme_staff)
    assert error.value.message_dict["user"][0].startswith(OWN_MEMBERSHIP_MESSAGE)
    assert not Membership.objects.exists()


def test_a_superuser_may_join_and_it_is_recorded(client, superuser, partner_a):
    client.force_login(superuser)
    data = {"user": superuser.pk, "organisation": partner_a.pk, "role": "manager"}
    assertRedirects(
        client.post(reverse("admin:wwidw_membership_add"), data),
        reverse("admin:wwidw_membership_changelist"),
    )
    change = MembershipChange.objects.get()
    assert (change.member, change.by, change.new_role) == (superuser, superuser, "manager")


# Every path of the administration records the change.


def test_adding_a_member_is_recorded_and_mailed_to_the_managers(
    client,
    programme_staff,
    manager_a,
    member_b,
    partner_a,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(programme_staff)
    data = {"user": member_b.pk, "organisation": partner_a.pk, "role": "medewerker"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:wwidw_membership_add"), data)
    assertRedirects(response, reverse("admin:wwidw_membership_changelist"))
    change = MembershipChange.objects.get()
    assert (change.organisation, change.member, change.member_name) == (
        partner_a,
        member_b,
        "Rachid Bouzian",
    )
    assert (change.action, change.old_role, change.new_role) == ("toegevoegd", "", "medewerker")
    assert (change.by, change.by_name) == (programme_staff, "Programmabureau")
    assert [message.to for message in mailoutbox] == [[manager_a.email]]
    assert "Rachid Bouzian is toegevoegd als medewerker." in mailoutbox[0].body


def test_changing_a_role_is_recorded(client, programme_staff, member_a, partner_a):
    membership = member_a.memberships.get()
    client.force_login(programme_staff)
    url = reverse("admin:wwidw_membership_change", args=[membership.pk])
    data = {"user": member_a.pk, "organisation": partner_a.pk, "role": "manager"}
    assertRedirects(client.post(url, data), reverse("admin:wwidw_membership_changelist"))
    change = MembershipChange.objects.get()
    assert (change.action, change.old_role, change.new_role) == (
        "gewijzigd",
        "medewerker",
        "manager",
    )


def test_saving_an_unchanged_membership_records_nothing(
    client, programme_staff, member_a, partner_a
):
    membership = member_a.memberships.get()
    client.force_login(programme_staff)
    url = reverse("admin:wwidw_membership_change", args=[membership.pk])
    data = {"user": member_a.pk, "organisation": partner_a.pk, "role": "medewerker"}
    assertRedirects(client.post(url, data), reverse("admin:wwidw_membership_changelist"))
    assert not MembershipChange.objects.exists()


def test_moving_a_membership_is_a_removal_and_an_addition(
    client, programme_staff, member_a, partner_a, partner_b
):
    membership = member_a.memberships.get()
    client.force_login(programme_staff)
    url = reverse("admin:wwidw_membership_change", args=[membership.pk])
    data = {"user": member_a.pk, "organisation": partner_b.pk, "role": "manager"}
    assertRedirects(client.post(url, data), reverse("admin:wwidw_membership_changelist"))
    changes = MembershipChange.objects.order_by("pk")
    assert [(c.organisation, c.action, c.old_role, c.new_role) for c in changes] == [
        (partner_a, "verwijderd", "medewerker", ""),
        (partner_b, "toegevoegd", "", "manager"),
    ]


def test_deleting_a_membership_is_recorded(client, programme_staff, member_a, partner_a):
    membership = member_a.memberships.get()
    client.force_login(programme_staff)
    url = reverse("admin:wwidw_membership_delete", args=[membership.pk])
    assertRedirects(
        client.post(url, {"post": "yes"}), reverse("admin:wwidw_membership_changelist")
    )
    assert not Membership.objects.filter(pk=membership.pk).exists()
    change = MembershipChange.objects.get()
    assert (change.member, change.action, change.old_role) == (
        member_a,
        "verwijderd",
        "medewerker",
    )


def test_deleting_a_selection_records_each_removal(
    client, programme_staff, member_a, manager_a, partner_a
):
    client.force_login(programme_staff)
    url = reverse("admin:wwidw_membership_changelist")
    selected = list(Membership.objects.values_list("pk", flat=True))
    data = {"action": "delete_selected", "_selected_action": selected, "post": "yes"}
    assertRedirects(client.post(url, data), url)
    assert not Membership.objects.exists()
    removed = MembershipChange.objects.filter(action="verwijderd")
    assert set(removed.values_list("member", flat=True)) == {member_a.pk, manager_a.pk}


def test_the_organisation_inline_records_additions_changes_and_removals(
    client, programme_staff, member_a, manager_a, member_b, partner_a
):
    member_row = member_a.memberships.get()
    manager_row = manager_a.memberships.get()
    rows = [
        {"id": member_row.pk, "user": member_a.pk, "role": "manager"},
        {"id": manager_row.pk, "user": manager_a.pk, "role": "manager", "DELETE": "on"},
        {"user": member_b.pk, "role": "medewerker"},
    ]
    client.force_login(programme_staff)
    url = reverse("admin:wwidw_organisation_change", args=[partner_a.pk])
    response = client.post(url, _organisation_data(partner_a, rows, initial=2))
    assertRedirects(response, reverse("admin:wwidw_organisation_changelist"))
    changes = MembershipChange.objects.filter(organisation=partner_a)
    assert {(c.member_id, c.action, c.old_role, c.new_role) for c in changes} == {
        (member_a.pk, "gewijzigd", "medewerker", "manager"),
        (manager_a.pk, "verwijderd", "manager", ""),
        (member_b.pk, "toegevoegd", "", "medewerker"),
    }


def test_the_user_inline_records_an_addition(client, programme_staff, member_b, partner_a):
    client.force_login(programme_staff)
    url = reverse("admin:wwidw_user_change", args=[member_b.pk])
    existing = member_b.memberships.get()
    rows = [
        {"id": existing.pk, "organisation": existing.organisation_id, "role": "medewerker"},
        {"organisation": partner_a.pk, "role": "manager"},
    ]
    response = client.post(url, _user_data(member_b, rows, initial=1))
    assertRedirects(response, reverse("admin:wwidw_user_changelist"))
    change = MembershipChange.objects.get()
    assert (change.organisation, change.member, change.action) == (
        partner_a,
        member_b,
        "toegevoegd",
    )


# The e-mail to the managers.


def test_the_mail_waits_for_the_commit(
    programme_staff, manager_a, member_b, partner_a, mailoutbox, django_capture_on_commit_callbacks
):
    membership = Membership(user=member_b, organisation=partner_a)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.save_membership(membership=membership, by=programme_staff)
    assert len(callbacks) == 1
    assert mailoutbox == []


def test_the_mail_has_text_and_html_with_a_link_to_the_trail(
    settings,
    programme_staff,
    manager_a,
    member_b,
    partner_a,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    settings.SITE_URL = "https://wwidw.example.nl"
    with django_capture_on_commit_callbacks(execute=True):
        services.save_membership(
            membership=Membership(user=member_b, organisation=partner_a), by=programme_staff
        )
    message = mailoutbox[0]
    link = "https://wwidw.example.nl" + reverse("membership_change_list", args=["maasoever"])
    assert message.subject == "De leden van Woonstichting De Maasoever zijn gewijzigd"
    assert "Beste Annemieke," in message.body
    assert "Programmabureau van het programmabureau" in message.body
    assert link in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'<a href="{link}">' in html
    assert "Rachid Bouzian is toegevoegd als medewerker." in html


def test_the_subject_stays_on_one_line_whatever_the_names(
    programme_staff, member_b, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = MembershipFactory(
        role="manager", organisation__name="Maas\r\noever\nBcc: buit@example.com"
    ).organisation
    member_b.full_name = "Rachid\r\nBcc: buit@example.com"
    member_b.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.save_membership(
            membership=Membership(user=member_b, organisation=organisation), by=programme_staff
        )
    message = mailoutbox[0]
    assert message.subject == "De leden van Maas oever Bcc: buit@example.com zijn gewijzigd"
    assert "buit@example.com" not in str(message.message()["Bcc"] or "")
    assert "Rachid" in message.body


def test_a_demoted_manager_is_told_as_well(
    programme_staff, manager_a, partner_a, mailoutbox, django_capture_on_commit_callbacks
):
    membership = manager_a.memberships.get()
    membership.role = Membership.Role.MEMBER
    with django_capture_on_commit_callbacks(execute=True):
        services.save_membership(membership=membership, by=programme_staff)
    assert [message.to for message in mailoutbox] == [[manager_a.email]]


def test_inactive_managers_and_other_partners_get_no_mail(
    programme_staff,
    manager_a,
    member_b,
    partner_a,
    partner_b,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    MembershipFactory(organisation=partner_b, role="manager")
    MembershipFactory(organisation=partner_a, role="manager", user__is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_membership(
            membership=Membership(user=member_b, organisation=partner_a), by=programme_staff
        )
    assert [message.to for message in mailoutbox] == [[manager_a.email]]


# The trail on the site.


def _record(organisation, member, by, role="medewerker") -> MembershipChange:
    membership = services.save_membership(
        membership=Membership(user=member, organisation=organisation, role=role), by=by
    )
    return MembershipChange.objects.filter(member=membership.user).latest("pk")


def test_managers_read_the_trail(client, programme_staff, manager_a, member_b, partner_a):
    _record(partner_a, member_b, programme_staff)
    client.force_login(manager_a)
    response = client.get(reverse("membership_change_list", args=[partner_a.slug]))
    assertContains(response, "Rachid Bouzian is toegevoegd als medewerker.")
    assertContains(response, "Programmabureau")


def test_the_trail_holds_only_the_own_organisation(
    client, programme_staff, manager_a, partner_a, partner_b
):
    other = UserFactory(full_name="Lotte Verbeek")
    _record(partner_b, other, programme_staff)
    client.force_login(manager_a)
    response = client.get(reverse("membership_change_list", args=[partner_a.slug]))
    assertContains(response, "nog geen lidmaatschappen")
    assertNotContains(response, "Lotte Verbeek")


def test_the_trail_needs_a_login(client, partner_a):
    url = reverse("membership_change_list", args=[partner_a.slug])
    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")


def test_other_partner_manager_gets_404_for_the_trail(client, partner_a, partner_b):
    other_manager = MembershipFactory(organisation=partner_b, role="manager").user
    client.force_login(other_manager)
    response = client.get(reverse("membership_change_list", args=[partner_a.slug]))
    assert response.status_code == 404


def test_staff_member_gets_403_for_the_trail(client, member_a, partner_a):
    client.force_login(member_a)
    response = client.get(reverse("membership_change_list", args=[partner_a.slug]))
    assertContains(response, "Geen toegang", status_code=403)


def test_the_dashboard_links_managers_to_the_trail(client, manager_a, member_a, partner_a):
    url = reverse("membership_change_list", args=[partner_a.slug])
    client.force_login(manager_a)
    assertContains(client.get(partner_a.get_absolute_url()), f'href="{url}"')
    client.force_login(member_a)
    assertNotContains(client.get(partner_a.get_absolute_url()), f'href="{url}"')


@pytest.mark.parametrize("rows", [1, 10])
def test_the_trail_queries_stay_constant(
    client, programme_staff, manager_a, partner_a, rows, django_assert_num_queries
):
    for member in UserFactory.create_batch(rows):
        _record(partner_a, member, programme_staff)
    client.force_login(manager_a)
    url = reverse("membership_change_list", args=[partner_a.slug])
    # session, user, organisation, managed organisations, count, changes
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == rows


def test_the_trail_is_read_only_in_the_administration(
    client, programme_staff, member_b, partner_a
):
    change = _record(partner_a, member_b, programme_staff)
    client.force_login(programme_staff)
    response = client.get(reverse("admin:wwidw_membershipchange_changelist"))
    assertContains(response, "Wijzigingen in lidmaatschappen")
    assertContains(response, "Rachid Bouzian")
    assert client.get(reverse("admin:wwidw_membershipchange_add")).status_code == 403
    url = reverse("admin:wwidw_membershipchange_change", args=[change.pk])
    assert client.post(url, {"member_name": "Iemand anders"}).status_code == 403
    assert (
        client.post(
            reverse("admin:wwidw_membershipchange_delete", args=[change.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    change.refresh_from_db()
    assert change.member_name == "Rachid Bouzian"
