"""Section 9 of an archetype, "costs and results in practice": figures aggregated in the
database over the linked descriptions published for all partners and their shared monitoring.

Which figures enter (DOMAIN.md §7):

- Practice examples marked "afwijkend" are listed in section 10 but enter no figure here; the
  page says how many there are. `counted_descriptions()` and `counted_plans()` are the rest.
- Only `MonitoringPlan.objects.shared()` enters: a partner's monitoring counts once it shares it
  for a description published for all partners.
- The total cost is the stored `MonitoringPlan.total_cost`: the realised total where the plan
  has realised cost lines, the budget otherwise; the figures say how many of each. The cost per
  year of running time is `MonitoringPlanQuerySet.with_cost_per_year()`, the running time
  `interventions.models.RunningYears` (ongoing descriptions up to today), both the days
  between start and end ÷ 365.25.
- SROI ratios are stored as the description's page shows them (`calculations.shown_ratio`), so
  the range shows the same two decimals.
- Effects: per effect the descriptions that name it as an intended effect, and the median
  improvement (formula 12, net where a comparison area was measured: the stored
  `EffectIndicator.improvement`) of those that measured it. A description counts once per
  effect: of its indicators for that effect with a stored improvement, the one from the
  standard library first, then the first entered (lowest pk).
- Active ingredients: per ingredient the practice examples that tick it in their checklist
  (`ActiveIngredient.applied_in`). For an essential one, the median improvement of the
  practices that apply it against the median of those that do not. A practice's improvement is
  the median over its measured effects (one indicator per effect, as above), so a practice that
  measured five effects weighs as much as one that measured one.

Each figure carries the number of descriptions it rests on and is shown only from MINIMUM_N on.
Seven queries (six without essential ingredients), however many descriptions are linked.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast, Lower, NullIf, Trim
from django.utils import timezone

from archetypes import choices
from archetypes.models import ActiveIngredient, Archetype
from interventions import choices as intervention_choices
from interventions.models import Effect, Intervention, RunningYears
from monitoring.models import EffectIndicator, MonitoringPlan, OutputIndicator, OutputValue
from wwidw.aggregates import PercentileCont

# Fewer descriptions than this say too little to show a figure.
MINIMUM_N = 3
AMOUNT = models.DecimalField(max_digits=16, decimal_places=2)
YEARS = models.DecimalField(max_digits=8, decimal_places=1)
IMPROVEMENT = models.DecimalField(max_digits=14, decimal_places=4)
# The examples whose figures count: all but the ones marked "afwijkend".
COUNTED_ROLES = [role for role in choices.ExampleRole if role != choices.ExampleRole.DIFFERENT]


def percentile(expression, fraction: float, output_field=AMOUNT, **extra) -> Cast:
    """The percentile as a decimal rounded in the database (percentile_cont is a float)."""
    return Cast(PercentileCont(expression, fraction=fraction, **extra), output_field=output_field)


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
class MedianRange:
    """A median with the lowest and highest of n values."""

    median: Decimal | None
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
    """An effect of the shared effect list, how many counted descriptions aim at it, and the
    median improvement (in percent) of the `measured` ones that measured it."""

    code: str
    name: str
    descriptions: int
    measured: int = 0
    improvement: Decimal | None = None

    @property
    def is_enough(self) -> bool:
        return self.measured >= MINIMUM_N


@dataclass(frozen=True)
class LevelCount:
    """How many counted descriptions have one evidence level (0–5)."""

    level: int
    label: str
    descriptions: int


@dataclass(frozen=True)
class Comparison:
    """The median improvement of the practices that apply an essential ingredient against
    those that do not, each over its n practices with a measured effect."""

    with_median: Decimal | None
    with_n: int
    without_median: Decimal | None
    without_n: int

    @property
    def is_enough(self) -> bool:
        return self.with_n >= MINIMUM_N and self.without_n >= MINIMUM_N

    @property
    def difference(self) -> Decimal | None:
        if self.with_median is None or self.without_median is None:
            return None
        return self.with_median - self.without_median


@dataclass(frozen=True)
class IngredientFigures:
    """In how many counted practice examples an active ingredient is applied; for an essential
    one also the comparison of their measured effects."""

    applied: int
    comparison: Comparison | None = None


@dataclass(frozen=True)
class ArchetypeFigures:
    descriptions: int
    partners: int
    different: int
    with_monitoring: int
    total_cost: Spread
    realised_costs: int
    budgeted_costs: int
    cost_per_year: Spread
    running_years: MedianRange
    evaluated: int
    evidence_levels: list[LevelCount]
    sroi: Range
    units: list[UnitFigures]
    effects: list[EffectCount]
    ingredients: dict[int, IngredientFigures] = field(default_factory=dict)

    @property
    def minimum_n(self) -> int:
        return MINIMUM_N

    @property
    def has_enough_descriptions(self) -> bool:
        """Whether the share evaluated and the evidence levels may show."""
        return self.descriptions >= MINIMUM_N

    def for_ingredient(self, ingredient: ActiveIngredient) -> IngredientFigures:
        return self.ingredients.get(ingredient.pk, IngredientFigures(applied=0))


def _published_for_all() -> Q:
    return Q(
        status=intervention_choices.Status.PUBLISHED,
        visibility=intervention_choices.Visibility.PARTNERS,
    )


def linked_descriptions(archetype: Archetype) -> models.QuerySet:
    """The descriptions linked to the archetype that every partner may read."""
    return Intervention.objects.filter(_published_for_all(), archetype_links__archetype=archetype)


def counted_descriptions(archetype: Archetype) -> models.QuerySet:
    """The linked descriptions whose figures count: not the ones marked "afwijkend"."""
    # One filter() call, so the role is that of this archetype's link.
    return Intervention.objects.filter(
        _published_for_all(),
        archetype_links__archetype=archetype,
        archetype_links__role__in=COUNTED_ROLES,
    )


def counted_plans(archetype: Archetype) -> models.QuerySet:
    """The shared monitoring whose figures count: not of examples marked "afwijkend"."""
    return MonitoringPlan.objects.shared().filter(
        intervention__archetype_links__archetype=archetype,
        intervention__archetype_links__role__in=COUNTED_ROLES,
    )


def archetype_figures(
    archetype: Archetype, *, today: datetime.date | None = None
) -> ArchetypeFigures:
    today = today or timezone.localdate()
    descriptions = _description_figures(archetype, today)
    plans = _plan_figures(archetype, today)
    return ArchetypeFigures(
        **descriptions,
        **plans,
        units=unit_figures(archetype),
        effects=effect_counts(archetype),
        ingredients=ingredient_figures(archetype),
    )


def _description_figures(archetype: Archetype, today: datetime.date) -> dict:
    """Counts, running time, evaluations and evidence levels of the linked descriptions, in
    one query; the "afwijkend" ones only counted apart."""
    counted = Q(archetype_links__role__in=COUNTED_ROLES)
    levels = intervention_choices.EvidenceLevel
    row = (
        linked_descriptions(archetype)
        .annotate(years=RunningYears("start_date", "end_date", today=today))
        .aggregate(
            descriptions=Count("pk", filter=counted),
            different=Count("pk", filter=~counted),
            partners=Count("organisation", distinct=True, filter=counted),
            evaluated=Count(
                "pk",
                filter=counted & ~Q(evaluation_form=intervention_choices.EvaluationForm.NONE),
            ),
            years_n=Count("years", filter=counted),
            years_median=percentile("years", 0.5, YEARS, filter=counted),
            years_low=Cast(Min("years", filter=counted), YEARS),
            years_high=Cast(Max("years", filter=counted), YEARS),
            **{
                f"level_{level}": Count("pk", filter=counted & Q(evidence_level=level))
                for level in levels.values
            },
        )
    )
    return {
        "descriptions": row["descriptions"],
        "different": row["different"],
        "partners": row["partners"],
        "evaluated": row["evaluated"],
        "running_years": MedianRange(
            row["years_median"], row["years_low"], row["years_high"], row["years_n"]
        ),
        "evidence_levels": [
            LevelCount(level, label, row[f"level_{level}"])
            for level, label in zip(levels.values, levels.labels, strict=True)
        ],
    }


def _plan_figures(archetype: Archetype, today: datetime.date) -> dict:
    """Costs (realised before budgeted), cost per year and SROI range, in one query."""
    realised = Q(has_realised_costs=True)
    row = (
        counted_plans(archetype)
        .with_realised_costs()
        .with_cost_per_year(today=today)
        .aggregate(
            plans=Count("pk"),
            costs=Count("total_cost"),
            realised=Count("total_cost", filter=realised),
            median=percentile("total_cost", 0.5),
            p25=percentile("total_cost", 0.25),
            p75=percentile("total_cost", 0.75),
            per_year=Count("cost_per_year"),
            per_year_median=percentile("cost_per_year", 0.5),
            per_year_p25=percentile("cost_per_year", 0.25),
            per_year_p75=percentile("cost_per_year", 0.75),
            ratios=Count("sroi_ratio"),
            low=Min("sroi_ratio"),
            high=Max("sroi_ratio"),
        )
    )
    return {
        "with_monitoring": row["plans"],
        "total_cost": Spread(row["median"], row["p25"], row["p75"], row["costs"]),
        "realised_costs": row["realised"],
        "budgeted_costs": row["costs"] - row["realised"],
        "cost_per_year": Spread(
            row["per_year_median"], row["per_year_p25"], row["per_year_p75"], row["per_year"]
        ),
        "sroi": Range(row["low"], row["high"], row["ratios"]),
    }


def measured_indicators(plans: models.QuerySet) -> models.QuerySet:
    """One measured indicator per plan and intended effect of its description: the standard
    one first, then the first entered."""
    return EffectIndicator.objects.filter(
        plan__in=plans,
        improvement__isnull=False,
        plan__intervention__intended_effects__effect=F("effect"),
    ).one_per_plan_and_effect()


def effect_counts(archetype: Archetype) -> list[EffectCount]:
    """The intended effects of the counted descriptions, the most named first, with the
    median improvement of those that measured them. Two queries."""
    effects = (
        Effect.objects.filter(intendedeffect__intervention__in=counted_descriptions(archetype))
        .annotate(descriptions=Count("intendedeffect__intervention", distinct=True))
        .order_by("-descriptions", "code")
    )
    measured = {
        row["effect"]: row
        for row in measured_indicators(counted_plans(archetype))
        .order_by()
        .values("effect")
        .annotate(n=Count("pk"), median=percentile("improvement", 0.5, IMPROVEMENT))
    }
    return [
        EffectCount(
            effect.code,
            effect.name,
            effect.descriptions,
            measured.get(effect.pk, {}).get("n", 0),
            measured.get(effect.pk, {}).get("median"),
        )
        for effect in effects
    ]


def ingredient_figures(archetype: Archetype) -> dict[int, IngredientFigures]:
    """Per active ingredient (by pk): the counted practice examples that apply it, and for
    the essential ones the comparison of their measured effects. One or two queries."""
    counted = counted_descriptions(archetype)
    rows = list(
        ActiveIngredient.objects.filter(archetype=archetype)
        .annotate(applied=Count("applied_in", filter=Q(applied_in__in=counted)))
        .values_list("pk", "is_essential", "applied")
    )
    essential = [pk for pk, is_essential, _applied in rows if is_essential]
    comparisons = _essential_comparisons(archetype, essential) if essential else {}
    return {
        pk: IngredientFigures(applied=applied, comparison=comparisons.get(pk))
        for pk, _is_essential, applied in rows
    }


def _essential_comparisons(archetype: Archetype, essential: list[int]) -> dict[int, Comparison]:
    """Per essential ingredient: the median improvement of the counted practices with a
    measured effect that apply it, and of those that do not; one query over one row per
    practice (its median improvement and whether it applies each ingredient)."""
    applies = ActiveIngredient.applied_in.through.objects.filter(
        intervention=OuterRef("plan__intervention")
    )
    practices = (
        measured_indicators(counted_plans(archetype))
        .order_by()
        .values("plan__intervention")
        .annotate(
            improvement=PercentileCont("improvement", fraction=0.5),
            **{f"applies_{pk}": Exists(applies.filter(activeingredient=pk)) for pk in essential},
        )
    )
    aggregates = {}
    for pk in essential:
        for side, applied in (("with", True), ("without", False)):
            where = Q(**{f"applies_{pk}": applied})
            aggregates[f"{side}_{pk}"] = percentile("improvement", 0.5, IMPROVEMENT, filter=where)
            aggregates[f"{side}_n_{pk}"] = Count("improvement", filter=where)
    row = practices.aggregate(**aggregates)
    return {
        pk: Comparison(
            row[f"with_{pk}"], row[f"with_n_{pk}"], row[f"without_{pk}"], row[f"without_n_{pk}"]
        )
        for pk in essential
    }


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
        OutputIndicator.objects.filter(plan__in=counted_plans(archetype))
        .annotate(unit_key=unit_key)
        .filter(pk=Subquery(first_of_unit))
        .annotate(plan_realised=Subquery(realised, output_field=AMOUNT))
        .annotate(per_unit=F("plan__total_cost") / NullIf(F("plan_realised"), Decimal(0)))
        .values("unit_key")
        .annotate(
            plans=Count("pk"),
            realised=Sum("plan_realised"),
            n=Count("per_unit"),
            median=percentile("per_unit", 0.5),
        )
        .order_by("-plans", "unit_key")
    )
    return [
        UnitFigures(row["unit_key"], row["plans"], row["realised"], row["median"], row["n"])
        for row in rows
    ]
