"""Intervention.objects.search(): Dutch full text that stays cheap for common words."""

import datetime

import pytest
from django.utils import timezone

from interventions import models, services
from interventions.models import Intervention
from tests.factories import InterventionFactory

HOSTILE_QUERIES = [
    "",
    "   ",
    "&|!():*",
    "'; DROP TABLE interventions_intervention; --",
    '"buurt" -wijk OR',
    "huis\x00meester",
    "<script>alert(1)</script>",
    "!!! ''' \\\\ %% __",
    "woning " * 300,
    "🏠 wijk 🏘",
    "OR OR -",
    'huismeester:* & !"',
]


def _description(member, title: str, *, days_ago: int = 0, **fields) -> Intervention:
    """A draft of the member's organisation, ready for search; `days_ago` sets its age."""
    intervention = InterventionFactory(
        organisation=member.memberships.get().organisation,
        created_by=member,
        title=title,
        **fields,
    )
    services.refresh_derived_fields(intervention)
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    Intervention.objects.filter(pk=intervention.pk).update(updated_at=moment)
    return intervention


def _titles(queryset) -> list[str]:
    return [item.title for item in queryset]


def test_other_inflection_finds_the_description(member_a):
    _description(member_a, "Renovatie van de flat", approach="Elke woning krijgt isolatie.")
    _description(member_a, "Taalcafé", approach="Oefenen met brieven.")

    found = Intervention.objects.search("woningen")

    assert _titles(found) == ["Renovatie van de flat"]


def test_title_match_ranks_above_a_match_in_the_text(member_a):
    _description(member_a, "Schoon portiek", days_ago=0, approach="Een huismeester helpt mee.")
    _description(member_a, "Huismeester in Crooswijk", days_ago=30, approach="Dagelijkse ronde.")

    found = Intervention.objects.search("huismeester")

    assert _titles(found) == ["Huismeester in Crooswijk", "Schoon portiek"]
    assert found[0].rank > found[1].rank > 0


def test_query_of_only_common_words_lists_every_match_newest_first(member_a):
    _description(member_a, "Oud", days_ago=300, approach="Bewoners van de buurt.")
    _description(member_a, "Nieuw", days_ago=1, approach="De buurt doet mee.")
    _description(member_a, "Midden", days_ago=20, approach="Een wijk met bewoners in de buurt.")
    _description(member_a, "Elders", approach="Een huismeester.")

    found = Intervention.objects.search("de buurt")

    assert _titles(found) == ["Nieuw", "Midden", "Oud"]
    assert {item.rank for item in found} == {0.0}


def test_common_words_next_to_a_telling_word_only_narrow(member_a):
    _description(member_a, "Schuldhulp", days_ago=1, approach="Schulden in de buurt.")
    _description(member_a, "Schulden", days_ago=50, approach="Schulden, schulden in de buurt.")
    _description(member_a, "Buurtfeest", approach="Een feest in de buurt.")
    _description(member_a, "Geldzaken", approach="Schulden regelen.")

    found = Intervention.objects.search("buurt schulden")

    assert _titles(found) == ["Schulden", "Schuldhulp"]
    assert found[0].rank > found[1].rank


def test_websearch_syntax_is_understood(member_a):
    _description(member_a, "Straatcoach", approach="Jongeren in de buurt.")
    _description(member_a, "Huismeester", approach="Portieken in de buurt.")
    _description(member_a, "Taalcafé", approach="Taal in de buurt.")

    assert _titles(
        Intervention.objects.search("straatcoach OR huismeester").order_by("title")
    ) == [
        "Huismeester",
        "Straatcoach",
    ]
    assert _titles(Intervention.objects.search("buurt -portieken -taal")) == ["Straatcoach"]
    assert _titles(Intervention.objects.search('"jongeren in de buurt"')) == ["Straatcoach"]


def test_a_frequent_word_ranks_only_the_first_candidates(member_a, monkeypatch):
    monkeypatch.setattr(models, "SEARCH_CANDIDATES", 3)
    for number in range(5):
        _description(member_a, f"Straatcoach {number}", days_ago=number)
    _description(member_a, "Huismeester", approach="Geen coach.")

    found = Intervention.objects.search("straatcoach")

    assert found.count() == 3
    assert all(item.title.startswith("Straatcoach") and item.rank > 0 for item in found)


def test_a_query_of_common_words_gives_the_newest_matches(member_a, monkeypatch):
    monkeypatch.setattr(models, "SEARCH_CANDIDATES", 3)
    for number in range(5):
        _description(member_a, f"Buurtfeest {number}", days_ago=number, approach="In de buurt.")
    _description(member_a, "Nieuwste, zonder het woord", approach="Taalcafé.")

    found = Intervention.objects.search("buurt")

    assert _titles(found) == ["Buurtfeest 0", "Buurtfeest 1", "Buurtfeest 2"]


@pytest.mark.parametrize("text", HOSTILE_QUERIES)
def test_hostile_input_never_raises(member_a, text):
    _description(member_a, "Huismeester in de buurt", approach="Woning en wijk.")

    found = Intervention.objects.search(text)

    assert len(list(found)) == found.count() <= 1


def test_search_keeps_to_what_the_user_may_see(shared_a, internal_a, concept_a, member_b):
    visible = Intervention.objects.visible_to(member_b)

    found = visible.search("huismeester")

    assert list(found) == [shared_a]
    assert list(Intervention.objects.search("huismeester").visible_to(member_b)) == [shared_a]


def test_search_chains_with_filters_and_is_one_query(
    shared_a, internal_a, member_a, django_assert_num_queries
):
    found = (
        Intervention.objects.visible_to(member_a)
        .search("huismeester portiek")
        .filter(visibility=Intervention.Visibility.ORGANISATION)
    )

    with django_assert_num_queries(1):
        assert list(found) == [internal_a]


def test_a_title_match_is_a_candidate_even_past_the_cap(member_a, monkeypatch):
    monkeypatch.setattr(models, "SEARCH_CANDIDATES", 3)
    for number in range(5):
        _description(
            member_a, f"Buurtproject {number}", approach="Met een straatcoach op het plein."
        )
    _description(member_a, "Een straatcoach in Pendrecht")
    found = Intervention.objects.visible_to(member_a).search("straatcoach")
    assert _titles(found)[0] == "Een straatcoach in Pendrecht"
