"""Waar staan wij? (DOMAIN.md §7): a description's own figures placed among its peers.

Peers are the other descriptions of the same intervention type (any of its types) whose
monitoring is shared (`MonitoringPlan.objects.shared()`), leaving out every description of the
viewer's own organisations and of the description's own organisation. A figure is compared
only when at least MINIMUM_PEERS peers from at least MINIMUM_ORGANISATIONS organisations have
it, so that no figure can be tied to one partner. Peers are never named: the page shows their
P25, median and P75 and how many descriptions and organisations these rest on.

The figures: the cost per year of running time, the SROI ratio, the cost per output unit for
each unit (case-insensitive, trimmed) the description reports in, and the improvement per
effect (the stored `EffectIndicator.improvement`; per description and effect the indicator from
the library first, then the lowest pk). Everything is aggregated in the database: the figures
per plan in one query for any number of plans (the dashboard), the units and the effects of one
plan in one query each (the monitoring overview).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Lower, NullIf, Trim
from django.utils.translation import gettext as _

from interventions.models import Intervention
from monitoring.effect_words import signed_percent
from monitoring.models import EffectIndicator, MonitoringPlan, OutputIndicator, OutputValue
from wwidw import permissions
from wwidw.aggregates import PercentileCont
from wwidw.formats import format_amount, format_money

MINIMUM_PEERS = 5
MINIMUM_ORGANISATIONS = 3

COST_PER_YEAR = "cost_per_year"
SROI = "sroi"
COST_PER_UNIT = "cost_per_unit"
IMPROVEMENT = "improvement"

MONEY = models.DecimalField(max_digits=16, decimal_places=2)
FRACTION = models.DecimalField(max_digits=14, decimal_places=4)
QUARTILES = {"p25": 0.25, "median": 0.5, "p75": 0.75}

# The strip: SVG user units.
STRIP_WIDTH = 320
STRIP_HEIGHT = 40
STRIP_PADDING = 12
BOX_TOP = 14
BOX_HEIGHT = 14
MARKER_SIZE = 6


@dataclass(frozen=True)
class Strip:
    """The geometry of one strip: the P25–P75 box, the median tick and the own marker."""

    box_x: float
    box_width: float
    median_x: float
    own_x: float | None
    width: int = STRIP_WIDTH
    height: int = STRIP_HEIGHT
    box_top: int = BOX_TOP
    box_height: int = BOX_HEIGHT

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def axis_y(self) -> float:
        return self.box_top + self.box_height / 2

    @property
    def tick_top(self) -> int:
        return self.box_top - 4

    @property
    def tick_bottom(self) -> int:
        return self.box_top + self.box_height + 4

    @property
    def marker_points(self) -> str:
        """A diamond centred on the own value, so it reads without colour."""
        if self.own_x is None:
            return ""
        middle = self.box_top + self.box_height / 2
        x, size = self.own_x, MARKER_SIZE
        points = [(x, middle - size), (x + size, middle), (x, middle + size), (x - size, middle)]
        return " ".join(f"{_px(left)},{_px(top)}" for left, top in points)

    @property
    def label_y(self) -> int:
        return self.box_top - 6


@dataclass(frozen=True)
class Benchmark:
    """One figure of the description and the spread of its peers' figures."""

    kind: str
    label: str
    own: Decimal | None
    p25: Decimal | None
    median: Decimal | None
    p75: Decimal | None
    peers: int
    organisations: int

    @property
    def is_shown(self) -> bool:
        """Enough peers of enough organisations that no figure can be tied to one partner."""
        return (
            self.peers >= MINIMUM_PEERS
            and self.organisations >= MINIMUM_ORGANISATIONS
            and self.median is not None
        )

    def format(self, value: Decimal | None) -> str:
        if value is None:
            return "–"
        if self.kind in (COST_PER_YEAR, COST_PER_UNIT):
            return format_money(value, 0 if self.kind == COST_PER_YEAR else 2)
        if self.kind == SROI:
            return f"{format_amount(value, 2)} : 1"
        return signed_percent(value)

    @property
    def own_text(self) -> str:
        return self.format(self.own)

    @property
    def p25_text(self) -> str:
        return self.format(self.p25)

    @property
    def median_text(self) -> str:
        return self.format(self.median)

    @property
    def p75_text(self) -> str:
        return self.format(self.p75)

    @property
    def position(self) -> str:
        """Where the own figure lies: below the middle half, in it, or above it."""
        if self.own is None or not self.is_shown:
            return ""
        if self.own < self.p25:
            return _("lower than three quarters of the comparable descriptions")
        if self.own > self.p75:
            return _("higher than three quarters of the comparable descriptions")
        if self.own == self.median:
            return _("in the middle half, on the median")
        if self.own < self.median:
            return _("in the middle half, below the median")
        return _("in the middle half, above the median")

    @property
    def summary(self) -> str:
        """The strip in words, for screen readers and for print."""
        if not self.is_shown:
            return _(
                "Not enough comparable descriptions to compare: at least %(peers)d of at least "
                "%(organisations)d other organisations are needed."
            ) % {"peers": MINIMUM_PEERS, "organisations": MINIMUM_ORGANISATIONS}
        spread = _(
            "The middle half of %(peers)d comparable descriptions of %(organisations)d "
            "organisations lies between %(p25)s and %(p75)s; the median is %(median)s."
        ) % {
            "peers": self.peers,
            "organisations": self.organisations,
            "p25": self.p25_text,
            "p75": self.p75_text,
            "median": self.median_text,
        }
        if self.own is None:
            return _("%(label)s: we have no figure of our own yet.") % {"label": self.label} + (
                " " + spread
            )
        own = _("%(label)s: ours is %(own)s, %(position)s.") % {
            "label": self.label,
            "own": self.own_text,
            "position": self.position,
        }
        return f"{own} {spread}"

    @property
    def strip(self) -> Strip | None:
        if not self.is_shown:
            return None
        values = [self.p25, self.median, self.p75] + ([self.own] if self.own is not None else [])
        low, high = min(values), max(values)
        span = high - low or abs(high) or Decimal(1)

        def x(value: Decimal) -> float:
            share = float((value - low) / span)
            return _px(STRIP_PADDING + share * (STRIP_WIDTH - 2 * STRIP_PADDING))

        return Strip(
            box_x=x(self.p25),
            box_width=_px(x(self.p75) - x(self.p25)),
            median_x=x(self.median),
            own_x=None if self.own is None else x(self.own),
        )


@dataclass(frozen=True)
class PlanBenchmarks:
    """The figures of one plan that the dashboard compares: cost per year and SROI ratio."""

    cost_per_year: Benchmark
    sroi: Benchmark

    @property
    def shown(self) -> list[Benchmark]:
        return [item for item in (self.cost_per_year, self.sroi) if item.is_shown]


def _px(number: float) -> float:
    return round(number, 2)


def _peers(viewer, *, plan, organisation, intervention) -> models.QuerySet:
    """The shared plans of the same type as `intervention`, except the plan itself and every
    plan of the viewer's organisations and of `organisation`. The arguments are values or
    references to an outer query (`intervention` is used one level deeper)."""
    types = Intervention.intervention_types.through.objects
    same_type = types.filter(
        intervention_id=OuterRef("intervention_id"),
        interventiontype_id__in=types.filter(intervention_id=intervention).values(
            "interventiontype_id"
        ),
    )
    return (
        MonitoringPlan.objects.shared()
        .filter(Exists(same_type))
        .exclude(pk=plan)
        .exclude(organisation=organisation)
        .exclude(permissions.organisation_member_q(viewer))
    )


def _single(queryset: models.QuerySet, aggregate) -> Subquery:
    """`aggregate` over all rows of `queryset`, as a subquery of one value."""
    rows = queryset.order_by().annotate(_all=Value(1)).values("_all").annotate(result=aggregate)
    return Subquery(rows.values("result"), output_field=aggregate.output_field)


class _Array(models.Func):
    """`ARRAY[a, b, …]`: several aggregates of one subquery in one value."""

    template = "ARRAY[%(expressions)s]"
    arg_joiner = ", "


def _spread(values: models.QuerySet, field: str, output) -> Subquery:
    """[peers, organisations, P25, median, P75] of `field` over `values`, one subquery, so
    the peers are read once per figure."""
    values = values.filter(**{f"{field}__isnull": False})
    number = models.DecimalField(max_digits=16, decimal_places=0)
    spread = _Array(
        Cast(Count("pk"), number),
        Cast(Count("organisation", distinct=True), number),
        *(
            Cast(PercentileCont(field, fraction=fraction), output_field=output)
            for fraction in QUARTILES.values()
        ),
        output_field=ArrayField(output),
    )
    return _single(values, spread)


def _unpacked(prefix: str, spread: list | None) -> dict:
    peers, organisations, p25, median, p75 = spread or [0, 0, None, None, None]
    return {
        f"{prefix}_peers": int(peers),
        f"{prefix}_organisations": int(organisations),
        f"{prefix}_p25": p25,
        f"{prefix}_median": median,
        f"{prefix}_p75": p75,
    }


def _benchmark(kind: str, label: str, own, row: dict, prefix: str = "") -> Benchmark:
    prefix = f"{prefix}_" if prefix else ""
    return Benchmark(
        kind=kind,
        label=label,
        own=own,
        p25=row[f"{prefix}p25"],
        median=row[f"{prefix}median"],
        p75=row[f"{prefix}p75"],
        peers=row[f"{prefix}peers"] or 0,
        organisations=row[f"{prefix}organisations"] or 0,
    )


def plan_benchmarks(plans, viewer) -> dict[int, PlanBenchmarks]:
    """Per plan pk: its cost per year and SROI ratio among its peers', in one query."""
    pks = [plan.pk for plan in plans]
    if not pks:
        return {}
    peers = _peers(
        viewer,
        plan=OuterRef("pk"),
        organisation=OuterRef("organisation"),
        intervention=OuterRef(OuterRef("intervention_id")),
    ).with_cost_per_year()
    rows = (
        MonitoringPlan.objects.filter(pk__in=pks)
        .with_cost_per_year()
        .annotate(
            cost_spread=_spread(peers, "cost_per_year", MONEY),
            sroi_spread=_spread(peers, "sroi_ratio", FRACTION),
        )
        .values("id", "cost_per_year", "sroi_ratio", "cost_spread", "sroi_spread")
    )
    rows = [
        {
            **row,
            **_unpacked("cost", row["cost_spread"]),
            **_unpacked("sroi", row["sroi_spread"]),
        }
        for row in rows
    ]
    return {
        row["id"]: PlanBenchmarks(
            cost_per_year=_benchmark(
                COST_PER_YEAR, _("Cost per year"), row["cost_per_year"], row, "cost"
            ),
            sroi=_benchmark(SROI, _("SROI ratio"), row["sroi_ratio"], row, "sroi"),
        )
        for row in rows
    }


def _own_and_peers(plan: MonitoringPlan, output) -> dict:
    """The plan's own `value` and the spread of its peers' values, per group."""
    own = Q(plan=plan.pk)
    peer = ~own & Q(value__isnull=False)
    annotations = {
        "own": Max("value", filter=own),
        "peers": Count("value", filter=peer),
        "organisations": Count("plan__organisation", distinct=True, filter=peer),
    }
    for name, fraction in QUARTILES.items():
        percentile = PercentileCont("value", fraction=fraction, filter=peer)
        annotations[name] = Cast(percentile, output_field=output)
    return annotations


def unit_benchmarks(plan: MonitoringPlan, viewer) -> list[Benchmark]:
    """The plan's cost per output unit among its peers', per unit it reports in; read the
    plan through `with_details()`."""
    units = {output.unit.strip().lower(): output.unit.strip() for output in plan.outputs.all()}
    if not units:
        return []
    peers = _peers(
        viewer, plan=plan.pk, organisation=plan.organisation_id, intervention=plan.intervention_id
    )
    same_unit = OutputIndicator.objects.annotate(key=Lower(Trim("unit"))).filter(
        plan=OuterRef("plan"), key=OuterRef("unit_key")
    )
    realised = (
        OutputValue.objects.annotate(key=Lower(Trim("indicator__unit")))
        .filter(indicator__plan=OuterRef("plan"), key=OuterRef("unit_key"))
        .order_by()
        .values("indicator__plan")
        .annotate(total=models.Sum("realised"))
        .values("total")
    )
    rows = (
        OutputIndicator.objects.filter(Q(plan__in=peers.values("pk")) | Q(plan=plan.pk))
        .annotate(unit_key=Lower(Trim("unit")))
        .filter(unit_key__in=list(units))
        # One row per plan and unit: its first indicator in that unit stands for them all.
        .filter(pk=Subquery(same_unit.order_by("pk").values("pk")[:1]))
        .annotate(plan_realised=Subquery(realised, output_field=MONEY))
        .annotate(per_unit=F("plan__total_cost") / NullIf(F("plan_realised"), Decimal(0)))
        .annotate(value=F("per_unit"))
        .values("unit_key")
        .annotate(**_own_and_peers(plan, MONEY))
        .order_by("unit_key")
    )
    return [
        _benchmark(
            COST_PER_UNIT,
            _("Cost per unit (%(unit)s)") % {"unit": units[row["unit_key"]]},
            None if row["own"] is None else row["own"].quantize(Decimal("0.01")),
            row,
        )
        for row in rows
        if row["own"] is not None
    ]


def effect_benchmarks(plan: MonitoringPlan, viewer) -> list[Benchmark]:
    """The plan's improvement per effect among its peers'; read the plan through
    `with_details()`."""
    effects = {
        indicator.effect_id: indicator.effect
        for indicator in plan.effect_indicators.all()
        if indicator.improvement is not None
    }
    if not effects:
        return []
    peers = _peers(
        viewer, plan=plan.pk, organisation=plan.organisation_id, intervention=plan.intervention_id
    )
    rows = (
        EffectIndicator.objects.filter(Q(plan__in=peers.values("pk")) | Q(plan=plan.pk))
        .filter(effect__in=list(effects), improvement__isnull=False)
        .one_per_plan_and_effect()
        .annotate(value=F("improvement"))
        .values("effect")
        .annotate(**_own_and_peers(plan, FRACTION))
        .order_by("effect__code")
    )
    return [
        _benchmark(
            IMPROVEMENT,
            _("Improvement on %(effect)s") % {"effect": effects[row["effect"]]},
            row["own"],
            row,
        )
        for row in rows
    ]


def overview_benchmarks(plan: MonitoringPlan, viewer) -> list[Benchmark]:
    """Every figure of the plan among its peers', for its monitoring overview."""
    figures = plan_benchmarks([plan], viewer).get(plan.pk)
    plan_level = [figures.cost_per_year, figures.sroi] if figures else []
    return plan_level + unit_benchmarks(plan, viewer) + effect_benchmarks(plan, viewer)
