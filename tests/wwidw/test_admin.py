import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

ADMIN_PAGES = [
    "admin:index",
    "admin:wwidw_organisation_changelist",
    "admin:wwidw_membership_changelist",
    "admin:wwidw_user_changelist",
]


@pytest.mark.parametrize("url_name", ADMIN_PAGES)
def test_programme_staff_open_the_administration(client, programme_staff, url_name):
    client.force_login(programme_staff)
    response = client.get(reverse(url_name))
    assert response.status_code == 200


@pytest.mark.parametrize("url_name", ADMIN_PAGES)
def test_partner_staff_have_no_administration(client, manager_a, url_name):
    client.force_login(manager_a)
    url = reverse(url_name)
    response = client.get(url)
    assertRedirects(response, f"{reverse('admin:login')}?next={url}")


def test_administration_is_dutch(client, programme_staff, partner_a):
    client.force_login(programme_staff)
    response = client.get(reverse("admin:index"))
    assertContains(response, "Partnerorganisaties")
    assertContains(response, "Lidmaatschappen")


def test_organisations_are_searchable_and_filterable(
    client, programme_staff, partner_a, partner_b
):
    client.force_login(programme_staff)
    url = reverse("admin:wwidw_organisation_changelist")
    response = client.get(url, {"q": "maasoever"})
    assertContains(response, "Woonstichting De Maasoever")
    assert "Hofstad Woonkracht" not in response.content.decode()
    response = client.get(url, {"city": "Den Haag"})
    assertContains(response, "Hofstad Woonkracht")


def test_programme_staff_add_a_member_to_a_partner(client, programme_staff, partner_a, member_b):
    client.force_login(programme_staff)
    response = client.post(
        reverse("admin:wwidw_membership_add"),
        {"user": member_b.pk, "organisation": partner_a.pk, "role": "manager"},
    )
    assertRedirects(response, reverse("admin:wwidw_membership_changelist"))
    assert member_b.memberships.get(organisation=partner_a).role == "manager"


def test_duplicate_membership_gets_a_message_not_an_error(
    client, programme_staff, partner_a, member_a
):
    client.force_login(programme_staff)
    response = client.post(
        reverse("admin:wwidw_membership_add"),
        {"user": member_a.pk, "organisation": partner_a.pk, "role": "medewerker"},
    )
    assertContains(response, "bestaat al")


def test_programme_staff_cannot_delete_organisations(client, programme_staff, partner_a):
    client.force_login(programme_staff)
    response = client.get(reverse("admin:wwidw_organisation_delete", args=[partner_a.pk]))
    assert response.status_code == 403


def test_the_sign_in_protection_is_dutch_in_the_administration(client, programme_staff):
    client.force_login(programme_staff)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Inlogbeveiliging" in index
    assert "Inlogpogingen" in index
    assert "Access attempts" not in index
    page = client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "Selecteer inlogpoging" in page
