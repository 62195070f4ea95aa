import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from tests.factories import MembershipFactory, UserFactory

SECTION_PAGES = [
    ("interventions:list", "Kennisbank"),
    ("archetypes:list", "Archetypen"),
    ("events:list", "Bijeenkomsten"),
]


def login_url(next_url: str) -> str:
    return f"{reverse('login')}?next={next_url}"


def test_home_is_open_to_anonymous_visitors_with_a_login_link(client, db):
    response = client.get(reverse("home"))
    assertContains(response, "Wat werkt in de wijk")
    assertContains(response, reverse("login"))
    assertContains(response, '<html lang="nl">')


def test_home_greets_a_member_with_the_navigation(client, member_a):
    client.force_login(member_a)
    response = client.get(reverse("home"))
    assertContains(response, "Welkom, Youssef")
    assertContains(response, "Woonstichting De Maasoever")
    for url_name, label in SECTION_PAGES:
        assertContains(response, f'href="{reverse(url_name)}"')
        assertContains(response, label)
    assertContains(response, "Mijn organisatie")
    assert "Beheer" not in response.content.decode()


@pytest.mark.parametrize(("url_name", "heading"), SECTION_PAGES)
def test_section_pages_need_a_login(client, db, url_name, heading):
    url = reverse(url_name)
    assertRedirects(client.get(url), login_url(url))


@pytest.mark.parametrize(("url_name", "heading"), SECTION_PAGES)
def test_section_pages_answer_members(client, member_a, url_name, heading):
    client.force_login(member_a)
    response = client.get(reverse(url_name))
    assertContains(response, f"<h1>{heading}</h1>", html=True)
    assertContains(response, 'aria-current="page"')


def test_my_organisation_leads_to_the_own_dashboard(client, member_a, partner_a):
    client.force_login(member_a)
    assertRedirects(client.get(reverse("my_organisation")), partner_a.get_absolute_url())


def test_dashboard_shows_the_organisation_to_its_member(client, member_a, manager_a, partner_a):
    client.force_login(member_a)
    response = client.get(partner_a.get_absolute_url())
    assertContains(response, "<h1>Woonstichting De Maasoever</h1>", html=True)
    assertContains(response, "2 leden")
    assertContains(response, "waarvan 1 manager")
    assert reverse("organisation_members", args=[partner_a.slug]) not in response.content.decode()


def test_dashboard_needs_a_login(client, partner_a):
    url = partner_a.get_absolute_url()
    assertRedirects(client.get(url), login_url(url))


def test_other_partner_gets_404_for_dashboard(client, member_b, partner_a):
    client.force_login(member_b)
    assert client.get(partner_a.get_absolute_url()).status_code == 404


def test_unknown_organisation_is_404(client, member_a):
    client.force_login(member_a)
    response = client.get(reverse("organisation_dashboard", args=["bestaat-niet"]))
    assertContains(response, "Pagina niet gevonden", status_code=404)


def test_manager_sees_the_members(client, manager_a, member_a, partner_a):
    client.force_login(manager_a)
    response = client.get(reverse("organisation_members", args=[partner_a.slug]))
    assertContains(response, member_a.email)
    assertContains(response, "Medewerker")


def test_staff_member_gets_403_for_the_members(client, member_a, partner_a):
    client.force_login(member_a)
    response = client.get(reverse("organisation_members", args=[partner_a.slug]))
    assertContains(response, "Geen toegang", status_code=403)


def test_other_partner_manager_gets_404_for_the_members(client, partner_a, partner_b):
    other_manager = MembershipFactory(organisation=partner_b, role="manager").user
    client.force_login(other_manager)
    response = client.get(reverse("organisation_members", args=[partner_a.slug]))
    assert response.status_code == 404


def test_members_page_needs_a_login(client, partner_a):
    url = reverse("organisation_members", args=[partner_a.slug])
    assertRedirects(client.get(url), login_url(url))


@pytest.mark.parametrize("rows", [1, 10])
def test_members_page_queries_stay_constant(
    client, manager_a, partner_a, rows, django_assert_num_queries
):
    MembershipFactory.create_batch(rows - 1, organisation=partner_a)
    client.force_login(manager_a)
    url = reverse("organisation_members", args=[partner_a.slug])
    # session, user, organisation (and whether the user manages it), members, invitations
    with django_assert_num_queries(5):
        response = client.get(url)
    assert len(response.context["memberships"]) == rows


@pytest.mark.parametrize("extra_members", [0, 9])
def test_dashboard_queries_stay_constant(
    client, member_a, partner_a, extra_members, django_assert_num_queries
):
    MembershipFactory.create_batch(extra_members, organisation=partner_a)
    client.force_login(member_a)
    # session, user, organisation, own organisations, counts, managed organisations, and the
    # portfolio: descriptions, monitoring plans (tests/monitoring/test_dashboard.py has more)
    with django_assert_num_queries(8):
        client.get(partner_a.get_absolute_url())


def test_staff_see_the_administration_link(client, programme_staff):
    client.force_login(programme_staff)
    response = client.get(reverse("home"))
    assertContains(response, f'href="{reverse("admin:index")}"')
    assertContains(response, "Beheer")


def test_language_switch_turns_the_site_english(client, member_a):
    client.force_login(member_a)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/kennisbank/"})
    assertRedirects(response, "/kennisbank/")
    assertContains(client.get("/kennisbank/"), "<h1>Knowledge base</h1>", html=True)


def test_every_response_carries_a_strict_content_security_policy(client, db):
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_dutch_whatever_language_the_browser_asks_for(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assertContains(response, "<h1>Inloggen</h1>", html=True)
    assert response["Content-Language"] == "nl"


def test_unknown_language_cookie_falls_back_to_dutch(client, db):
    client.cookies["django_language"] = "fr"
    assertContains(client.get(reverse("login")), "<h1>Inloggen</h1>", html=True)


def test_programme_staff_without_a_partner_are_sent_to_the_partners(client, programme_staff):
    client.force_login(programme_staff)
    response = client.get(reverse("my_organisation"))
    text = response.content.decode()
    assert "programmabureau" in text
    assert reverse("admin:wwidw_organisation_changelist") in text
    assert "hoort nog niet bij een partnerorganisatie" not in text


def test_a_member_without_a_partner_is_told_to_ask_for_one(client, db):
    user = UserFactory()
    client.force_login(user)
    text = client.get(reverse("my_organisation")).content.decode()
    assert "hoort nog niet bij een partnerorganisatie" in text
    assert reverse("admin:wwidw_organisation_changelist") not in text
