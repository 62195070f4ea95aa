"""The list when a search reaches its cap of candidates (models.SEARCH_CANDIDATES)."""

from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from interventions import models, services
from tests.factories import InterventionFactory
from tests.interventions.test_list import publish, titles

LIST_URL = reverse("interventions:list")


def test_a_search_at_its_cap_says_there_are_more(client, member_a, partner_a, monkeypatch):
    monkeypatch.setattr(models, "SEARCH_CANDIDATES", 2)
    for number in range(3):
        publish(partner_a, member_a, title=f"Straatcoach op plein {number}")
    client.force_login(member_a)

    response = client.get(LIST_URL, {"q": "straatcoach"})

    assert len(titles(response)) == 2
    assertContains(response, "De 2 best passende beschrijvingen; er zijn er meer")
    assertContains(response, "voeg een woord toe of kies een type")


def test_below_the_cap_the_count_is_exact(client, member_a, partner_a):
    publish(partner_a, member_a, title="Straatcoach op het plein")
    client.force_login(member_a)
    response = client.get(LIST_URL, {"q": "straatcoach"})
    assertContains(response, "1 beschrijving")
    assertNotContains(response, "van meer beschrijvingen")


def test_a_facet_narrows_before_the_cap(client, member_a, partner_a, monkeypatch):
    monkeypatch.setattr(models, "SEARCH_CANDIDATES", 2)
    for number in range(3):
        publish(partner_a, member_a, title=f"Straatcoach op plein {number}")
    publish(partner_a, member_a, title="Straatcoach bij de school", types=["taaltrajecten"])
    client.force_login(member_a)

    response = client.get(LIST_URL, {"q": "straatcoach", "type": "taaltrajecten"})

    assert titles(response) == ["Straatcoach bij de school"]


def test_an_own_draft_among_the_first_matches_leaves_the_page_full(
    client, member_a, partner_a, monkeypatch
):
    """The first matches include a draft: the published list is searched again, so it still
    shows as many descriptions as the cap allows."""
    monkeypatch.setattr(models, "SEARCH_CANDIDATES", 2)
    draft = InterventionFactory(
        organisation=partner_a, created_by=member_a, title="Straatcoach in concept"
    )
    services.refresh_derived_fields(draft)
    for number in range(3):
        publish(partner_a, member_a, title=f"Straatcoach op plein {number}")
    client.force_login(member_a)

    response = client.get(LIST_URL, {"q": "straatcoach"})

    # At least the cap: the first matches the index finds, with those that have the words in
    # their title (which may be others, so the union may hold more than the cap).
    shown = titles(response)
    assert len(shown) >= 2
    assert "Straatcoach in concept" not in shown
    assertContains(response, f"De {len(shown)} best passende beschrijvingen; er zijn er meer")


def test_similar_titles_are_the_matches_that_pass_the_filters(client, member_a, partner_a):
    publish(partner_a, member_a, title="Huismeester Oude Westen")
    publish(partner_a, member_a, title="Huismeester Bospolder", types=["taaltrajecten"])
    client.force_login(member_a)

    response = client.get(LIST_URL, {"q": "huismeestr", "type": "taaltrajecten"})

    assert titles(response) == ["Huismeester Bospolder"]
    assertContains(response, "1 beschrijving")
