"""Section 9 of an archetype, "costs and results in practice": figures aggregated in the
database over the linked descriptions published for all partners and their shared monitoring.

Only `MonitoringPlan.objects.shared()` enters: a partner's monitoring counts once it shares it
for a description published for all partners. Each figure carries the number of descriptions
it rests on and is shown only from MINIMUM_N on (DOMAIN.md §7). Four queries, however many
descriptions are linked.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import Count, F, Max, Min, OuterRef, Subquery, Sum
from django.db.models.functions import Cast, Lower, NullIf, Trim

from archetypes.models import Archetype
from interventions import choices as intervention_choices
from interventions.models import Effect, Intervention
from monitoring.models import MonitoringPlan, OutputIndicator, OutputValue
from wwidw.aggregates import PercentileCont

# Fewer descriptions than this say too little to show a figure.
MINIMUM_N = 3
AMOUNT = models.DecimalField(max_digits=16, decimal_places=2)


def _percentile(expression, fraction: float, output_field=AMOUNT) -> Cast:
    """The percentile as a decimal rounded in the database (percentile_cont is a float)."""
    return Cast(PercentileCont(expression, fraction=fraction), output_field=output_field)


@dataclass(frozen=True)
class Spread:
    """A median with its interquartile range (P25–P75), over n values."""

    median: Decimal | None
    p25: Decimal | None
    p75: Decimal | None
    n: int

    @property
    def is_enough(self) -> bool:
        return self.n >= MINIMUM_N


@dataclass(frozen=True)
class Range:
    """The lowest and highest of n values; ratios are never averaged."""

    low: Decimal | None
    high: Decimal | None
    n: int

    @property
    def is_enough(self) -> bool:
        return self.n >= MINIMUM_N


@dataclass(frozen=True)
class UnitFigures:
    """One output unit (case-insensitive) that plans report their direct results in.

    `plans` report in the unit; `realised` is their total; the median cost per unit rests on
    the `n` plans with costs and a realised total above zero.
    """

    unit: str
    plans: int
    realised: Decimal | None
    cost_per_unit: Decimal | None
    n: int

    @property
    def is_enough(self) -> bool:
        return self.n >= MINIMUM_N


@dataclass(frozen=True)
class EffectCount:
    """An effect of the shared effect list and how many linked descriptions aim at it."""

    code: str
    name: str
    descriptions: int


@dataclass(frozen=True)
class ArchetypeFigures:
    descriptions: int
    partners: int
    with_monitoring: int
    total_cost: Spread
    sroi: Range
    units: list[UnitFigures]
    effects: list[EffectCount]

    @property
    def minimum_n(self) -> int:
        return MINIMUM_N


def linked_descriptions(archetype: Archetype) -> models.QuerySet:
    """The descriptions linked to the archetype that every partner may read."""
    return Intervention.objects.filter(
        archetype_links__archetype=archetype,
        status=intervention_choices.Status.PUBLISHED,
        visibility=intervention_choices.Visibility.PARTNERS,
    )


def shared_plans(archetype: Archetype) -> models.QuerySet:
    return MonitoringPlan.objects.shared().filter(
        intervention__archetype_links__archetype=archetype
    )


def archetype_figures(archetype: Archetype) -> ArchetypeFigures:
    descriptions = linked_descriptions(archetype).aggregate(
        descriptions=Count("pk"), partners=Count("organisation", distinct=True)
    )
    plans = shared_plans(archetype).aggregate(
        plans=Count("pk"),
        costs=Count("total_cost"),
        median=_percentile("total_cost", 0.5),
        p25=_percentile("total_cost", 0.25),
        p75=_percentile("total_cost", 0.75),
        ratios=Count("sroi_ratio"),
        low=Min("sroi_ratio"),
        high=Max("sroi_ratio"),
    )
    return ArchetypeFigures(
        descriptions=descriptions["descriptions"],
        partners=descriptions["partners"],
        with_monitoring=plans["plans"],
        total_cost=Spread(plans["median"], plans["p25"], plans["p75"], plans["costs"]),
        sroi=Range(plans["low"], plans["high"], plans["ratios"]),
        units=unit_figures(archetype),
        effects=effect_counts(archetype),
    )


def effect_counts(archetype: Archetype) -> list[EffectCount]:
    """The intended effects of the linked descriptions, the most named first."""
    effects = (
        Effect.objects.filter(intendedeffect__intervention__in=linked_descriptions(archetype))
        .annotate(descriptions=Count("intendedeffect__intervention", distinct=True))
        .order_by("-descriptions", "code")
    )
    return [EffectCount(effect.code, effect.name, effect.descriptions) for effect in effects]


def unit_figures(archetype: Archetype) -> list[UnitFigures]:
    """Per output unit: the plans reporting in it, their realised total and the median of
    each plan's total cost / its realised total in that unit; most plans first."""
    unit_key = Lower(Trim("unit"))
    same_unit = OutputIndicator.objects.annotate(key=Lower(Trim("unit"))).filter(
        plan=OuterRef("plan"), key=OuterRef("unit_key")
    )
    # One row per plan and unit: the plan's first indicator in that unit stands for them all.
    first_of_unit = same_unit.order_by("pk").values("pk")[:1]
    realised = (
        OutputValue.objects.annotate(key=Lower(Trim("indicator__unit")))
        .filter(indicator__plan=OuterRef("plan"), key=OuterRef("unit_key"))
        .order_by()
        .values("indicator__plan")
        .annotate(total=Sum("realised"))
        .values("total")
    )
    rows = (
        OutputIndicator.objects.filter(plan__in=shared_plans(archetype))
        .annotate(unit_key=unit_key)
        .filter(pk=Subquery(first_of_unit))
        .annotate(plan_realised=Subquery(realised, output_field=AMOUNT))
        .annotate(per_unit=F("plan__total_cost") / NullIf(F("plan_realised"), Decimal(0)))
        .values("unit_key")
        .annotate(
            plans=Count("pk"),
            realised=Sum("plan_realised"),
            n=Count("per_unit"),
            median=_percentile("per_unit", 0.5),
        )
        .order_by("-plans", "unit_key")
    )
    return [
        UnitFigures(row["unit_key"], row["plans"], row["realised"], row["median"], row["n"])
        for row in rows
    ]
