"""Partner B's key never sees partner A's private data: not in the list, a detail, the
monitoring, a search or an archetype's practice examples; the answers for A's private things are
those for things that do not exist."""

import decimal

import pytest

from archetypes import choices as archetype_choices
from interventions import services as intervention_services
from tests.factories import (
    ArchetypeFactory,
    ArchetypeInterventionFactory,
    InterventionFactory,
    make_plan,
    make_published,
)

LIST = "/api/v1/descriptions"
# Words that only partner A's private texts hold.
INTERNAL_WORD = "zonnebloemveld"
DRAFT_WORD = "kroosvijver"


@pytest.fixture
def partner_a_world(partner_a, member_a):
    """Of partner A: a description for all partners with monitoring that is not shared, one
    published within A only, a draft, and an archived description."""
    shared = make_published(partner_a, member_a, title="Portiekportier")
    make_plan(shared, cost=decimal.Decimal("5000.00"), is_shared=False)
    internal = make_published(
        partner_a,
        member_a,
        visibility="organisatie",
        title=f"Buurttuin {INTERNAL_WORD}",
        causes=f"Geen plek om te tuinieren behalve het {INTERNAL_WORD}.",
    )
    make_plan(internal, cost=decimal.Decimal("7000.00"), is_shared=True)
    draft = InterventionFactory(
        organisation=partner_a, created_by=member_a, title=f"Concept {DRAFT_WORD}"
    )
    draft.approach = f"Schoonmaken van de {DRAFT_WORD}."
    draft.save()
    intervention_services.refresh_derived_fields(draft)
    archived = make_published(partner_a, member_a, title="Oud project")
    intervention_services.archive_intervention(intervention=archived, by=member_a)
    return {"shared": shared, "internal": internal, "draft": draft, "archived": archived}


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def test_partner_bs_key_lists_only_what_a_shares_with_all(api, key_b, partner_a_world):
    world = partner_a_world
    assert _ids(api(LIST, key_b)) == {world["shared"].pk}
    assert _ids(api(f"{LIST}?status=concept", key_b)) == set()
    assert _ids(api(f"{LIST}?status=gearchiveerd", key_b)) == set()
    assert _ids(api(f"{LIST}?organisatie=maasoever&limit=200", key_b)) == {world["shared"].pk}
    # Nor through the facet of monitoring: A's monitoring is not shared.
    assert _ids(api(f"{LIST}?met=monitoring", key_b)) == set()


@pytest.mark.parametrize("word", [INTERNAL_WORD, DRAFT_WORD])
def test_partner_bs_search_never_finds_words_of_as_private_texts(
    api, key_b, partner_a_world, word
):
    for status in ("", "&status=concept", "&status=gearchiveerd"):
        assert _ids(api(f"{LIST}?q={word}{status}", key_b)) == set()


def test_partner_as_own_key_finds_its_private_texts(api, key_a, partner_a_world):
    world = partner_a_world
    assert _ids(api(f"{LIST}?q={INTERNAL_WORD}", key_a)) == {world["internal"].pk}
    assert _ids(api(f"{LIST}?q={DRAFT_WORD}&status=concept", key_a)) == {world["draft"].pk}
    assert _ids(api(f"{LIST}?status=gearchiveerd", key_a)) == {world["archived"].pk}
    assert _ids(api(LIST, key_a)) == {world["shared"].pk, world["internal"].pk}


@pytest.mark.parametrize("name", ["internal", "draft", "archived"])
def test_partner_bs_key_gets_404_for_as_private_descriptions_as_for_none(
    api, key_b, key_a, partner_a_world, name
):
    pk = partner_a_world[name].pk
    missing = api("/api/v1/descriptions/999999", key_b)
    for path in (f"/api/v1/descriptions/{pk}", f"/api/v1/descriptions/{pk}/monitoring"):
        response = api(path, key_b)
        assert response.status_code == 404
        assert response.json() == missing.json()
        assert "ETag" not in response
    assert api(f"/api/v1/descriptions/{pk}", key_a).status_code == 200


def test_an_etag_reveals_nothing_of_a_private_description(api, key_a, key_b, partner_a_world):
    url = f"/api/v1/descriptions/{partner_a_world['internal'].pk}"
    etag = api(url, key_a)["ETag"]
    assert api(url, key_b, HTTP_IF_NONE_MATCH=etag).status_code == 404
    assert api(url, key_b, HTTP_IF_NONE_MATCH="*").status_code == 404


def test_monitoring_that_is_not_shared_stays_with_its_organisation(
    api, key_a, key_b, partner_a_world
):
    url = f"/api/v1/descriptions/{partner_a_world['shared'].pk}/monitoring"
    assert api(url, key_b).status_code == 404
    own = api(url, key_a)
    assert own.status_code == 200
    assert own.json()["total_cost"] == "5000.00"
    assert own.json()["is_shared"] is False


def test_shared_monitoring_of_a_description_for_all_partners_is_read_by_all(
    api, key_b, partner_a, member_a
):
    shared = make_published(partner_a, member_a)
    make_plan(shared, cost=decimal.Decimal("2500.00"), is_shared=True)
    response = api(f"/api/v1/descriptions/{shared.pk}/monitoring", key_b)
    assert response.status_code == 200
    assert response.json()["total_cost"] == "2500.00"


def test_an_archetype_lists_only_the_practice_examples_the_key_may_read(
    api, key_a, key_b, partner_a_world
):
    archetype = ArchetypeFactory(status=archetype_choices.Status.PUBLISHED)
    for name in ("shared", "internal"):
        ArchetypeInterventionFactory(archetype=archetype, intervention=partner_a_world[name])
    draft_archetype = ArchetypeFactory()

    def examples(key) -> set[int]:
        response = api(f"/api/v1/archetypes/{archetype.slug}", key)
        return {example["id"] for example in response.json()["practice_examples"]}

    assert examples(key_b) == {partner_a_world["shared"].pk}
    assert examples(key_a) == {partner_a_world["shared"].pk, partner_a_world["internal"].pk}
    # A draft archetype is the programme staff's: a key never sees it.
    assert api(f"/api/v1/archetypes/{draft_archetype.slug}", key_a).status_code == 404
    slugs = {item["slug"] for item in api("/api/v1/archetypes", key_a).json()["items"]}
    assert slugs == {archetype.slug}
