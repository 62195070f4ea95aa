"""Every endpoint's real answers, good and refused, validate against the OpenAPI schema that
/api/v1/openapi.json publishes."""

import datetime
import decimal

import pytest
from django.test import override_settings

from archetypes import choices as archetype_choices
from interventions.sections import SECTIONS
from tests.api.openapi import is_decimal, response_errors
from tests.factories import (
    ActiveIngredientFactory,
    ArchetypeFactory,
    ArchetypeInterventionFactory,
    EffectIndicatorFactory,
    EffectMeasurementFactory,
    ReferenceFactory,
    ThemeSessionFactory,
    make_plan,
    store_figures,
)

DESCRIPTIONS = "/api/v1/descriptions"
DESCRIPTION = "/api/v1/descriptions/{pk}"
MONITORING = "/api/v1/descriptions/{pk}/monitoring"
ARCHETYPES = "/api/v1/archetypes"
ARCHETYPE = "/api/v1/archetypes/{slug}"
SESSIONS = "/api/v1/theme-sessions"
SESSION = "/api/v1/theme-sessions/{slug}"


@pytest.fixture
def schema(api):
    response = api("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def world(shared_a, member_a):
    """A description of partner A with monitoring (costs, results, SROI, an effect), a published
    archetype that takes it as practice example, and a theme session about it."""
    plan = make_plan(
        shared_a,
        cost=decimal.Decimal("10000.00"),
        benefits=decimal.Decimal("25000.00"),
        outputs=[("huishoudens", decimal.Decimal("80"))],
    )
    indicator = EffectIndicatorFactory(plan=plan)
    EffectMeasurementFactory(indicator=indicator, date=datetime.date(2020, 3, 1))
    store_figures(plan)
    archetype = ArchetypeFactory(status=archetype_choices.Status.PUBLISHED)
    ActiveIngredientFactory(archetype=archetype)
    ReferenceFactory(archetype=archetype)
    ArchetypeInterventionFactory(archetype=archetype, intervention=shared_a, is_exemplary=True)
    session = ThemeSessionFactory(archetype=archetype)
    return {"pk": shared_a.pk, "archetype": archetype.slug, "session": session.slug}


def _check(schema, path, response):
    body = response.json() if response.content else None
    problems = response_errors(schema, path, response.status_code, body)
    assert not problems, "\n".join(problems)
    return body


def test_every_endpoint_answers_as_the_schema_says(api, schema, key_a, world):
    pk, archetype, session = world["pk"], world["archetype"], world["session"]
    answers = [
        (DESCRIPTIONS, DESCRIPTIONS, 1),
        (DESCRIPTION, DESCRIPTION.format(pk=pk), None),
        (MONITORING, MONITORING.format(pk=pk), None),
        (ARCHETYPES, ARCHETYPES, 1),
        (ARCHETYPE, ARCHETYPE.format(slug=archetype), None),
        (SESSIONS, SESSIONS, 1),
        (SESSION, SESSION.format(slug=session), None),
    ]
    for path, url, count in answers:
        response = api(url, key_a)
        assert response.status_code == 200, url
        body = _check(schema, path, response)
        if count is not None:
            assert len(body["items"]) == count, url
    # Every endpoint of the schema was called: a new one needs its case here.
    assert {path for path, _url, _count in answers} == {
        path for path in schema["paths"] if path.startswith("/api/v1/")
    }


def test_the_detail_holds_every_section_and_its_parts(api, schema, key_a, world):
    body = _check(schema, DESCRIPTION, api(DESCRIPTION.format(pk=world["pk"]), key_a))
    sections = {section["key"]: section for section in body["sections"]}
    assert list(sections) == [section.key for section in SECTIONS]
    assert len(sections) == 7
    assert sections["doelen"]["intended_effects"][0]["code"] == "VE.01"
    assert sections["werking"]["theory_steps"][0]["if_text"].startswith("de huismeester")
    assert sections["middelen"]["fields"]["total_budget"] == "77072.00"
    assert sections["basis"]["fields"]["intervention_types"] == ["Huismeester / complexbeheerder"]


def test_the_monitoring_figures_are_the_sites(api, schema, key_a, world):
    body = _check(schema, MONITORING, api(MONITORING.format(pk=world["pk"]), key_a))
    assert body["total_cost"] == "10000.00"
    assert decimal.Decimal(body["sroi_ratio"]) == decimal.Decimal("2.50")
    assert all(is_decimal(body[name]) for name in ("pv_benefits", "pv_costs"))
    [output] = body["outputs"]
    assert decimal.Decimal(output["realised"]) == 80
    assert decimal.Decimal(output["cost_per_unit"]) == 125
    [effect] = body["effects"]
    assert effect["effect_code"] == "VE.03"
    assert effect["status"] == "verbeterd"


def test_the_list_with_filters_answers_as_the_schema_says(api, schema, key_a, world):
    query = "?type=huismeester-complexbeheerder&thema=leefbaarheid&q=huismeester&met=sroi&limit=1"
    body = _check(schema, DESCRIPTIONS, api(DESCRIPTIONS + query, key_a))
    assert [item["id"] for item in body["items"]] == [world["pk"]]
    body = _check(schema, DESCRIPTIONS, api(DESCRIPTIONS + "?thema=wonen", key_a))
    assert body["items"] == []


@pytest.mark.parametrize(
    ("path", "url", "status"),
    [
        (DESCRIPTIONS, DESCRIPTIONS + "?type=geen-type", 400),
        (DESCRIPTIONS, DESCRIPTIONS + "?cursor=knoeiwerk", 400),
        (DESCRIPTIONS, DESCRIPTIONS + "?limit=100000", 422),
        (DESCRIPTIONS, DESCRIPTIONS + "?updated_since=gisteren", 422),
        (ARCHETYPES, ARCHETYPES + "?thema=geen-thema", 400),
        (SESSIONS, SESSIONS + "?soort=feest", 400),
        (DESCRIPTION, DESCRIPTION.format(pk=999999), 404),
        (MONITORING, MONITORING.format(pk=999999), 404),
        (ARCHETYPE, ARCHETYPE.format(slug="geen-archetype"), 404),
        (SESSION, SESSION.format(slug="geen-bijeenkomst"), 404),
    ],
)
def test_refusals_answer_as_the_schema_says_in_dutch(api, schema, key_a, world, path, url, status):
    response = api(url, key_a)
    assert response.status_code == status
    body = _check(schema, path, response)
    assert body["detail"] and "Not Found" not in body["detail"]


def test_a_refused_key_and_the_rate_limit_answer_as_the_schema_says(api, schema, key_a, world):
    body = _check(schema, DESCRIPTIONS, api(DESCRIPTIONS, "wwidw_00000000_fout"))
    assert body["detail"].startswith("Geef een geldige API-sleutel")
    with override_settings(API_RATE_LIMIT=0):
        response = api(DESCRIPTION.format(pk=world["pk"]), key_a)
    assert response.status_code == 429
    _check(schema, DESCRIPTION, response)


def test_not_modified_answers_as_the_schema_says(api, schema, key_a, world):
    url = ARCHETYPE.format(slug=world["archetype"])
    etag = api(url, key_a)["ETag"]
    response = api(url, key_a, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    _check(schema, ARCHETYPE, response)
