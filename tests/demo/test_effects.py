"""The demo effect measurement of seed_demo: most monitored descriptions measured, research
verdicts per effect on the archetypes, and a confrontation that confirms and one that departs."""

import datetime
from io import StringIO

from django.core.management import call_command
from reversion.models import Revision

from archetypes import choices as archetype_choices
from archetypes.models import ActiveIngredient, Archetype, EffectVerdict
from demo import archetypes as syntheses
from demo import effects as demo_effects
from demo import monitoring as demo_monitoring
from interventions.models import IntendedEffect
from monitoring.choices import EffectStatus
from monitoring.models import (
    CostLine,
    EffectIndicator,
    EffectMeasurement,
    MonitoringPlan,
    OutputValue,
)

POSITIVE = {EffectVerdict.Rating.POSITIVE, EffectVerdict.Rating.STRONG}


def _counts() -> dict:
    return {
        "plans": MonitoringPlan.objects.count(),
        "indicators": EffectIndicator.objects.count(),
        "measurements": EffectMeasurement.objects.count(),
        "verdicts": EffectVerdict.objects.count(),
        "intended": IntendedEffect.objects.count(),
        "recommended": Archetype.recommended_indicators.through.objects.count(),
        "ticks": ActiveIngredient.applied_in.through.objects.count(),
        "versions": Revision.objects.count(),
    }


def _practice(slug: str, code: str) -> tuple[str, list[str]]:
    """The research verdict on the effect and the stored statuses of the measured shared
    cases that count for the archetype (DOMAIN.md §7): computed here by hand."""
    archetype = Archetype.objects.get(slug=slug)
    counted = archetype.links.exclude(role=archetype_choices.ExampleRole.DIFFERENT)
    statuses = (
        EffectIndicator.objects.filter(
            plan__in=MonitoringPlan.objects.shared(),
            plan__intervention__archetype_links__in=counted,
            effect__code=code,
        )
        .exclude(status=EffectStatus.NOT_MEASURED)
        .values_list("status", flat=True)
    )
    return archetype.effect_verdicts.get(effect__code=code).rating, list(statuses)


def test_seeding_again_adds_nothing(seeded):
    assert "new demo effect indicators." in seeded
    before = _counts()
    assert before["indicators"] > 30 and before["verdicts"] >= 16

    output = StringIO()
    call_command("seed_demo", stdout=output)

    assert _counts() == before
    assert "0 new demo effect indicators." in output.getvalue()
    assert "0 new research verdicts per effect." in output.getvalue()


def test_a_database_with_the_old_demo_gets_what_is_missing(seeded):
    before = _counts() | {"versions": None}  # seeding again adds versions
    # The demo as it was: no effect measurement, verdicts, recommendations or ticks, and no
    # monitoring on the four practice examples that got it for the confrontation.
    EffectIndicator.objects.all().delete()
    EffectVerdict.objects.all().delete()
    Archetype.recommended_indicators.through.objects.all().delete()
    ActiveIngredient.applied_in.through.objects.all().delete()
    titles = [
        plan.title
        for plan in demo_monitoring.descriptions.plans()
        if plan.number in demo_monitoring.MEASURED_EXAMPLES
    ]
    added = MonitoringPlan.objects.filter(intervention__title__in=titles)
    CostLine.objects.filter(plan__in=added).delete()
    OutputValue.objects.filter(indicator__plan__in=added).delete()
    added.delete()
    by_number = {plan.number: plan.title for plan in demo_monitoring.descriptions.plans()}
    for number, items in demo_effects.ADDED_EFFECTS.items():
        IntendedEffect.objects.filter(
            intervention__title=by_number[number], effect__code__in=[code for code, _ in items]
        ).delete()

    call_command("seed_demo", stdout=StringIO())

    assert _counts() | {"versions": None} == before
    assert not MonitoringPlan.objects.filter(total_cost__isnull=True).exists()


def test_most_monitored_descriptions_measure_their_intended_effects(seeded):
    plans = MonitoringPlan.objects.with_details()
    measured = [plan for plan in plans if plan.effect_indicators.all()]
    assert len(measured) / len(plans) > 0.6
    indicators = [item for plan in measured for item in plan.effect_indicators.all()]
    assert sum(item.standard_id is not None for item in indicators) / len(indicators) > 0.9
    for plan in measured:
        intended = set(plan.intervention.intended_effects.values_list("effect", flat=True))
        for indicator in plan.effect_indicators.all():
            assert indicator.effect_id in intended, indicator
            # The stored figures are those of the formulas (store_figures ran).
            assert indicator.status == indicator.result().status, indicator
            count = len(indicator.measurements.all())
            assert count == 0 or 2 <= count <= 5, indicator
            assert indicator.baseline_value is not None and indicator.target_value is not None
    assert any(item.comparison_area for item in indicators)
    # The intended effects the demo added came as a new version of their description.
    added = Revision.objects.filter(comment="Beoogd effect toegevoegd voor de effectmeting")
    assert added.count() == len(demo_effects.ADDED_EFFECTS)
    assert any(item.respondents for item in EffectMeasurement.objects.all())


def test_statuses_are_varied_and_one_measurement_is_overdue(seeded):
    statuses = [item.status for item in EffectIndicator.objects.all()]
    improved, unchanged, worsened = (
        statuses.count(status) for status in ("verbeterd", "gelijk", "verslechterd")
    )
    assert improved > unchanged + worsened
    assert unchanged >= 3 and worsened >= 2
    overdue = EffectIndicator.objects.get(status=EffectStatus.NOT_MEASURED)
    assert overdue.baseline_value is not None
    assert not overdue.measurements.exists()
    assert overdue.next_measurement_date < datetime.date.today()


def test_realistic_values(seeded):
    leefbaarometer = EffectMeasurement.objects.filter(indicator__method="leefbaarometer")
    values = [item.value for item in leefbaarometer] + list(
        EffectIndicator.objects.filter(method="leefbaarometer").values_list(
            "baseline_value", flat=True
        )
    )
    assert values and min(values) >= 3.4 and max(values) <= 4.4
    assert all(item.date.year % 2 == 0 for item in leefbaarometer)
    reports = EffectIndicator.objects.filter(name="Meldingen van woonoverlast per jaar")
    assert reports.exists()
    assert all(80 <= item.baseline_value <= 160 for item in reports)


def test_every_archetype_has_verdicts_per_effect_from_its_own_references(seeded):
    for archetype in Archetype.objects.all():
        verdicts = archetype.effect_verdicts.all()
        assert verdicts.count() >= 3, archetype
        assert verdicts.filter(rating__in=POSITIVE).exists(), archetype
        for verdict in verdicts.exclude(rating=EffectVerdict.Rating.NOT_RESEARCHED):
            assert verdict.references.exists(), verdict
            assert not verdict.references.exclude(archetype=archetype).exists()
        assert archetype.recommended_indicators.count() >= 2, archetype
        linked = set(archetype.interventions.values_list("pk", flat=True))
        ticked = set(archetype.active_ingredients.values_list("applied_in", flat=True)) - {None}
        assert ticked and ticked <= linked, archetype
    sales = Archetype.objects.get(slug=syntheses.SALES.slug)
    rigo = sales.effect_verdicts.get(effect__code="LB.03").references.get()
    assert rigo.authors == "RIGO Research en Advies"


def test_practice_confirms_research_for_the_caretaker(seeded):
    rating, statuses = _practice(syntheses.CARETAKER.slug, "LB.01")
    assert rating in POSITIVE
    assert len(statuses) >= 3
    assert statuses.count("verbeterd") > len(statuses) / 2


def test_practice_departs_from_research_for_the_sale_of_rented_homes(seeded):
    rating, statuses = _practice(syntheses.SALES.slug, "LB.03")
    assert rating in POSITIVE
    assert len(statuses) >= 3
    assert statuses.count("verbeterd") <= len(statuses) / 2
    # The one that sold enough homes improved, but does not share its monitoring.
    unshared = EffectIndicator.objects.filter(
        effect__code="LB.03",
        plan__intervention__archetype_links__archetype__slug=syntheses.SALES.slug,
        plan__is_shared=False,
    ).get()
    assert unshared.status == "verbeterd"
