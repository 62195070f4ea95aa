from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import InterventionFactory, make_published

COMPARE_URL = reverse("interventions:compare")


def compare_url(*interventions) -> str:
    return COMPARE_URL + "?" + "&".join(f"id={item.pk}" for item in interventions)


def test_compare_needs_a_login(client, shared_a, internal_a):
    url = compare_url(shared_a, internal_a)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('login')}?next=")


def test_two_descriptions_side_by_side_section_by_section(client, member_b, shared_a, partner_b):
    own = make_published(partner_b, member_b, title="Buurtbeheerbedrijf Transvaal")
    own.main_goal = "Werk en een schone buurt."
    own.save()
    client.force_login(member_b)
    response = client.get(compare_url(shared_a, own))
    assertContains(response, "<h1>Beschrijvingen vergelijken</h1>", html=True)
    # The key figures, the effects, and the seven sections.
    assertContains(response, '<th scope="colgroup" colspan="3">', count=9)
    assertContains(response, "1. Basisgegevens")
    assertContains(response, "5. Veronderstellingen en werkzame bestanddelen")
    assertContains(response, '<th scope="row">Hoofddoel</th>', html=True)
    assertContains(response, "Schone, veilige portieken en tevreden huurders.")
    assertContains(response, "Werk en een schone buurt.")
    assertContains(response, "Hofstad Woonkracht")
    assertContains(response, "Woonstichting De Maasoever")
    content = response.content.decode()
    assert content.index(shared_a.title) < content.index(own.title)


def test_three_descriptions_are_fine_and_html_stays_text(
    client, member_a, shared_a, internal_a, concept_a
):
    concept_a.main_goal = "<script>alert(1)</script>"
    concept_a.save()
    client.force_login(member_a)
    response = client.get(compare_url(shared_a, internal_a, concept_a))
    assertContains(response, 'colspan="4"')
    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")
    assertNotContains(response, "<script>alert(1)")


def test_an_invisible_description_makes_the_comparison_404(client, member_b, shared_a, internal_a):
    client.force_login(member_b)
    assert client.get(compare_url(shared_a, internal_a)).status_code == 404


def test_one_description_asks_for_another_with_suggestions(
    client, member_a, shared_a, partner_b, member_b
):
    other = make_published(partner_b, member_b, title="Complexbeheer in Moerwijk")
    client.force_login(member_a)
    response = client.get(compare_url(shared_a))
    assertContains(response, "Kies ten minste twee beschrijvingen om te vergelijken")
    assertContains(response, "Toevoegen aan de vergelijking")
    assertContains(response, f"id={shared_a.pk}&amp;id={other.pk}")
    # The one description is shown already.
    assertContains(response, '<th scope="colgroup" colspan="2">', count=9)


def test_no_description_asks_to_choose(client, member_a):
    client.force_login(member_a)
    response = client.get(COMPARE_URL)
    assertContains(response, "Kies ten minste twee beschrijvingen om te vergelijken")


def test_more_than_twelve_says_choose_fewer(client, member_a, shared_a):
    others = InterventionFactory.create_batch(
        12, organisation=shared_a.organisation, created_by=member_a
    )
    client.force_login(member_a)
    response = client.get(compare_url(shared_a, *others))
    assertContains(response, "Je kunt ten hoogste 12 beschrijvingen tegelijk vergelijken.")
    assertNotContains(response, "colgroup")


def test_the_same_description_twice_counts_once(client, member_a, shared_a):
    client.force_login(member_a)
    response = client.get(compare_url(shared_a, shared_a))
    assertContains(response, "Kies ten minste twee beschrijvingen om te vergelijken")


def test_an_id_that_is_not_a_number_is_404(client, member_a, shared_a):
    client.force_login(member_a)
    assert client.get(f"{COMPARE_URL}?id={shared_a.pk}&id=abc").status_code == 404


def test_detail_page_links_to_the_comparison(client, member_a, shared_a):
    client.force_login(member_a)
    response = client.get(shared_a.get_absolute_url())
    url = compare_url(shared_a)
    assertContains(response, f'href="{url}"')
