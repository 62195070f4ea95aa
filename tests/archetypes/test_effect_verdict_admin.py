"""The research verdict per effect and the recommended indicators, curated by the programme
staff (not superusers) in the archetype's admin."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects
from reversion.models import Version

from archetypes.models import Archetype, EffectVerdict
from interventions.models import Effect, InterventionType
from monitoring.models import StandardIndicator
from tests.factories import (
    ArchetypeFactory,
    EffectVerdictFactory,
    ReferenceFactory,
    StandardIndicatorFactory,
)

CHANGELIST = reverse("admin:archetypes_archetype_changelist")


@pytest.fixture
def curator(client, programme_staff):
    assert not programme_staff.is_superuser
    client.force_login(programme_staff)
    return programme_staff


def _formset(prefix: str, rows: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": rows,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def _form_data(archetype: Archetype, **verdicts) -> dict:
    """The change form as sent, with the verdict rows of `verdicts` (field → value)."""
    rows = max((int(key.split("_")[0]) + 1 for key in verdicts), default=0)
    data = {
        "title": archetype.title,
        "slug": archetype.slug,
        "intervention_type": archetype.intervention_type_id,
        "summary": archetype.summary,
        "evidence_level": archetype.evidence_level,
        **_formset("active_ingredients", 0),
        **_formset("references", 0),
        **_formset("links", 0),
        **_formset("effect_verdicts", rows),
    }
    for key, value in verdicts.items():
        index, field = key.split("_", 1)
        data[f"effect_verdicts-{index}-{field}"] = value
    return data


def _change_url(archetype: Archetype) -> str:
    return reverse("admin:archetypes_archetype_change", args=[archetype.pk])


def _effect(code: str) -> int:
    return Effect.objects.get(code=code).pk


def test_change_form_has_labelled_verdict_fields(client, curator):
    archetype = ArchetypeFactory()
    response = client.get(_change_url(archetype))
    assertContains(response, "Onderzoeksoordelen per effect")
    for field in ("effect", "rating", "note"):
        assertContains(response, f'for="id_effect_verdicts-__prefix__-{field}"')
    assertContains(response, "<legend>Aanbevolen indicatoren:</legend>")


def test_curator_records_a_verdict_with_the_archetypes_own_reference(client, curator):
    archetype = ArchetypeFactory()
    own = ReferenceFactory(archetype=archetype)
    response = client.post(
        _change_url(archetype),
        _form_data(
            archetype,
            **{
                "0_effect": _effect("VE.03"),
                "0_rating": "++",
                "0_note": "Twee quasi-experimentele studies.",
                "0_references": [own.pk],
                "1_effect": _effect("VE.01"),
                "1_rating": "niet_onderzocht",
            },
        ),
    )
    assertRedirects(response, CHANGELIST)
    safety = archetype.effect_verdicts.get(effect__code="VE.03")
    assert (safety.rating, safety.note) == ("++", "Twee quasi-experimentele studies.")
    assert list(safety.references.all()) == [own]
    assert archetype.effect_verdicts.get(effect__code="VE.01").rating == "niet_onderzocht"
    version = Version.objects.get_for_object(archetype).get()
    assert version.revision.user == curator
    assert version.revision.version_set.filter(object_id=str(safety.pk)).exists()


def test_a_reference_of_another_archetype_is_a_form_error(client, curator):
    archetype = ArchetypeFactory()
    ReferenceFactory(archetype=archetype)
    other = ReferenceFactory(title="Werk aan de wijk")
    page = client.get(_change_url(archetype))
    assert other.title not in page.content.decode()
    response = client.post(
        _change_url(archetype),
        _form_data(
            archetype,
            **{"0_effect": _effect("VE.03"), "0_rating": "+", "0_references": [other.pk]},
        ),
    )
    assert response.status_code == 200
    assertContains(response, "Selecteer een geldige keuze")
    assert not EffectVerdict.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("0_effect", "abc"), ("0_effect", "99999999999999999999"), ("0_rating", "+++")],
)
def test_a_wrong_value_is_a_form_error(client, curator, field, value):
    archetype = ArchetypeFactory()
    data = {"0_effect": _effect("VE.03"), "0_rating": "+", field: value}
    response = client.post(_change_url(archetype), _form_data(archetype, **data))
    assert response.status_code == 200
    assertContains(response, "geldige keuze")
    assert not EffectVerdict.objects.exists()


def test_one_verdict_per_effect(client, curator):
    archetype = ArchetypeFactory()
    data = {"0_effect": _effect("VE.03"), "0_rating": "+"}
    data |= {"1_effect": _effect("VE.03"), "1_rating": "-"}
    response = client.post(_change_url(archetype), _form_data(archetype, **data))
    assert response.status_code == 200
    assert not EffectVerdict.objects.exists()


def test_a_second_verdict_for_a_saved_effect_is_a_form_error(client, curator):
    archetype = ArchetypeFactory()
    saved = EffectVerdictFactory(archetype=archetype, rating="+")
    data = _form_data(archetype, **{"1_effect": saved.effect_id, "1_rating": "-"})
    data |= {
        "effect_verdicts-INITIAL_FORMS": 1,
        "effect_verdicts-0-id": saved.pk,
        "effect_verdicts-0-archetype": archetype.pk,
        "effect_verdicts-0-effect": saved.effect_id,
        "effect_verdicts-0-rating": "+",
    }
    response = client.post(_change_url(archetype), data)
    assert response.status_code == 200
    assert archetype.effect_verdicts.get().rating == "+"


def test_add_page_offers_no_references_yet_and_refuses_one(client, curator):
    elsewhere = ReferenceFactory(title="Werk aan de wijk")
    url = reverse("admin:archetypes_archetype_add")
    assertContains(client.get(url), "Nieuwe bronnen kun je kiezen nadat je ze hebt opgeslagen")
    data = {
        "title": "Buurtbemiddeling",
        "slug": "buurtbemiddeling",
        "intervention_type": InterventionType.objects.get(slug="huismeester-complexbeheerder").pk,
        "summary": "Getrainde vrijwilligers bemiddelen tussen buren.",
        "evidence_level": 2,
        **_formset("active_ingredients", 0),
        **_formset("references", 0),
        **_formset("links", 0),
        **_formset("effect_verdicts", 1),
        "effect_verdicts-0-effect": _effect("VE.01"),
        "effect_verdicts-0-rating": "+",
        "effect_verdicts-0-references": [elsewhere.pk],
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assertContains(response, "Selecteer een geldige keuze")
    assert not Archetype.objects.filter(slug="buurtbemiddeling").exists()
    del data["effect_verdicts-0-references"]
    assertRedirects(client.post(url, data), CHANGELIST)
    verdict = Archetype.objects.get(slug="buurtbemiddeling").effect_verdicts.get()
    assert (verdict.effect.code, verdict.rating) == ("VE.01", "+")


def test_curator_names_recommended_indicators(client, curator):
    archetype = ArchetypeFactory()
    safe, _other = StandardIndicatorFactory.create_batch(2)
    response = client.get(_change_url(archetype))
    assertContains(response, safe.name)
    # The two and the starter library of the migrations.
    library = StandardIndicator.objects.count()
    assert library > 2
    assertContains(response, 'type="checkbox" name="recommended_indicators"', count=library)
    data = _form_data(archetype) | {"recommended_indicators": [safe.pk]}
    assertRedirects(client.post(_change_url(archetype), data), CHANGELIST)
    assert list(archetype.recommended_indicators.all()) == [safe]


def test_change_form_queries_do_not_grow_with_indicators(
    client, curator, django_assert_num_queries
):
    archetype = ArchetypeFactory()
    StandardIndicatorFactory()
    EffectVerdictFactory(archetype=archetype)
    client.get(_change_url(archetype))  # Warms the content type cache.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_change_url(archetype)).status_code == 200
    StandardIndicatorFactory.create_batch(9)
    with django_assert_num_queries(len(queries)):
        client.get(_change_url(archetype))


def test_change_form_queries_do_not_grow_with_verdicts(client, curator, django_assert_num_queries):
    archetype = ArchetypeFactory()
    references = ReferenceFactory.create_batch(3, archetype=archetype)
    codes = list(Effect.objects.order_by("code").values_list("code", flat=True)[:10])
    first = EffectVerdictFactory(archetype=archetype, effect=Effect.objects.get(code=codes[0]))
    first.references.add(*references)
    client.get(_change_url(archetype))  # Warms the content type cache.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_change_url(archetype)).status_code == 200
    for code in codes[1:]:
        verdict = EffectVerdictFactory(archetype=archetype, effect=Effect.objects.get(code=code))
        verdict.references.add(references[0])
    with django_assert_num_queries(len(queries)):
        response = client.get(_change_url(archetype))
    assertContains(response, 'value="++"', count=11)
    assertContains(response, f'<option value="{first.effect_id}" selected>')
    assertContains(response, f'name="effect_verdicts-9-references" value="{references[0].pk}"')
    # Three references of the first verdict, one of each of the nine others.
    assertContains(response, " checked", count=12)
