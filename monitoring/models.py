"""Monitoring of one intervention: what it costs, produced and returned (DOMAIN.md §6).

A MonitoringPlan belongs to one description and to its organisation; everything else hangs from
the plan. The formulas live in calculations.py; `MonitoringPlan.figures()` feeds them.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import reversion
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Prefetch, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from interventions import choices as intervention_choices
from interventions.models import Effect, Intervention
from monitoring import calculations, choices
from wwidw import permissions
from wwidw.formats import format_money
from wwidw.models import Organisation

MONEY = {"max_digits": 12, "decimal_places": 2}
QUANTITY = {"max_digits": 14, "decimal_places": 2}
PERCENT = {
    "max_digits": 5,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
}
NOT_NEGATIVE = [MinValueValidator(Decimal(0))]


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"), ROUND_HALF_UP)


def _percent_between_0_and_100(name: str, model: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{name}__gte": 0, f"{name}__lte": 100}),
        name=f"monitoring_{model}_{name}_percent",
    )


def _not_negative(name: str, model: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{name}__isnull": True}) | models.Q(**{f"{name}__gte": 0}),
        name=f"monitoring_{model}_{name}_not_negative",
    )


# Years of running time, with the precision a division by 365.25 needs.
YEARS = models.DecimalField(max_digits=12, decimal_places=6)


class _DaysBetween(models.Func):
    """The days from the second date to the first: PostgreSQL's `date - date`, an integer."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = models.IntegerField()


# What with_details() reads with a plan: its own relations and the prefetches of its rows.
DETAIL_RELATIONS = ("intervention", "organisation")


def detail_prefetches() -> list[Prefetch]:
    """The prefetches of with_details(), also for a plan read without them."""
    costs = CostLine.objects.select_related("period", "bearer_organisation")
    financing = Financing.objects.select_related("funder_organisation")
    values = OutputValue.objects.select_related("period")
    outputs = OutputIndicator.objects.prefetch_related(
        Prefetch("values", queryset=values.order_by("period__start_date"))
    )
    return [
        Prefetch("periods", queryset=ReportingPeriod.objects.order_by("start_date")),
        Prefetch("cost_lines", queryset=costs.order_by("period__start_date", "pk")),
        Prefetch("financing", queryset=financing.order_by("pk")),
        Prefetch("outputs", queryset=outputs.order_by("pk")),
        Prefetch(
            "outcomes",
            queryset=ValuedOutcome.objects.select_related("library_proxy").order_by("pk"),
        ),
        Prefetch(
            "effect_indicators",
            queryset=EffectIndicator.objects.select_related("effect", "standard")
            .prefetch_related(
                Prefetch("measurements", queryset=EffectMeasurement.objects.order_by("date"))
            )
            .order_by("effect__code", "pk"),
        ),
    ]


class MonitoringPlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> "MonitoringPlanQuerySet":
        """Monitoring is read and written by members of the owning organisation only."""
        return self.filter(permissions.changeable_q(user))

    def reportable_by(self, user) -> "MonitoringPlanQuerySet":
        return self.filter(permissions.reportable_q(user))

    def shared(self) -> "MonitoringPlanQuerySet":
        """Plans whose organisation shares the results of a description published for all."""
        return self.filter(
            is_shared=True,
            intervention__status=intervention_choices.Status.PUBLISHED,
            intervention__visibility=intervention_choices.Visibility.PARTNERS,
        )

    def with_cost_per_year(self, today: datetime.date | None = None) -> "MonitoringPlanQuerySet":
        """Annotate `cost_per_year`: the total cost divided by the years of running time
        between the description's start (else the plan's) and its end (ongoing: `today`), at
        least one year; None for a plan without a total cost. GREATEST ignores a NULL, so a
        plan without any start date counts as one year."""
        today = today or timezone.localdate()
        start = Coalesce("intervention__start_date", "start_date")
        end = Coalesce("intervention__end_date", Value(today, output_field=models.DateField()))
        years = Cast(_DaysBetween(end, start), YEARS) / Value(Decimal("365.25"), YEARS)
        return self.annotate(
            cost_per_year=Cast(
                F("total_cost") / Greatest(Value(Decimal(1), YEARS), years),
                models.DecimalField(max_digits=16, decimal_places=2),
            )
        )

    # What a reader of the knowledge base may know of another partner's monitoring: only what
    # is shared. Counts and filters that others see start from open_to(user).

    def open_to(self, user) -> "MonitoringPlanQuerySet":
        """The plans whose figures `user` may read: their own organisations' and the shared."""
        return self.visible_to(user) | self.shared()

    def open_among_visible(self, user) -> "MonitoringPlanQuerySet":
        """open_to(user) for plans of descriptions the user may see (their visible_to), without
        reading those descriptions again: another organisation's description that the user
        sees is published for all partners, so its plan is open exactly when it is shared."""
        return self.filter(permissions.visible_q(user, shared=models.Q(is_shared=True)))

    def with_costs_or_results(self) -> "MonitoringPlanQuerySet":
        """Plans with costs (their stored total, budgeted or realised, is not nil) or at least
        one realised direct result."""
        results = OutputValue.objects.filter(
            indicator__plan=OuterRef("pk"), realised__isnull=False
        )
        return self.filter(models.Q(total_cost__isnull=False) | Exists(results))

    def with_effect_measurement(self) -> "MonitoringPlanQuerySet":
        """Plans with an effect indicator measured after its baseline (its stored status)."""
        measured = EffectIndicator.objects.filter(plan=OuterRef("pk")).exclude(
            status=choices.EffectStatus.NOT_MEASURED
        )
        return self.filter(Exists(measured))

    def with_sroi(self) -> "MonitoringPlanQuerySet":
        """Plans with a social return: a ratio (costs recorded) of valued outcomes (without
        them every plan with costs would have one, of 0 : 1)."""
        return self.filter(sroi_ratio__isnull=False, pv_benefits__gt=0)

    def in_portfolio_of(self, organisation) -> "MonitoringPlanQuerySet":
        """The plans of `organisation`'s portfolio report, by title; archived descriptions
        are left out."""
        return (
            self.filter(organisation=organisation)
            .exclude(intervention__status=intervention_choices.Status.ARCHIVED)
            .order_by("intervention__title", "pk")
        )

    def with_realised_costs(self) -> "MonitoringPlanQuerySet":
        """Annotate `has_realised_costs`: the stored total cost is then the realised total,
        otherwise the budget (figures())."""
        realised = CostLine.objects.filter(plan=models.OuterRef("pk"), is_budget=False)
        return self.annotate(has_realised_costs=models.Exists(realised))

    def with_details(self) -> "MonitoringPlanQuerySet":
        """Everything `figures()` and the pages read, in a fixed number of queries."""
        return self.select_related(*DETAIL_RELATIONS).prefetch_related(*detail_prefetches())

    def with_rendered_report(self, language: str) -> "MonitoringPlanQuerySet":
        """Annotate `rendered_key` and `rendered_content`: the report last rendered in
        `language` (None when there is none), to serve again while what it shows is unchanged."""
        return self.annotate(**RenderedReport.objects.annotations(language, plan=OuterRef("pk")))


class MonitoringPlan(models.Model):
    intervention = models.OneToOneField(
        Intervention,
        on_delete=models.CASCADE,
        related_name="monitoring",
        verbose_name=_("intervention"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="monitoring_plans",
        verbose_name=_("organisation"),
    )
    granularity = models.CharField(
        _("reporting periods"),
        max_length=20,
        choices=choices.Granularity.choices,
        default=choices.Granularity.YEAR,
    )
    start_date = models.DateField(
        _("start of year 1"),
        null=True,
        blank=True,
        help_text=_(
            "Costs and returns are counted in years from this date; empty: the start of the "
            "intervention."
        ),
    )
    discount_rate = models.DecimalField(
        _("discount rate (%)"),
        default=Decimal("3.5"),
        help_text=_(
            "A euro later is worth less than a euro now. Future returns are discounted by this "
            "percentage per year; 3.5 % is usual for social returns."
        ),
        **PERCENT,
    )
    price_year = models.PositiveSmallIntegerField(
        _("price year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text=_("The year whose prices the amounts are in."),
    )
    is_shared = models.BooleanField(
        _("share the results"),
        default=False,
        help_text=_(
            "The published description then shows the key figures to all partners, and "
            "archetypes may include them. The detailed lines stay within your organisation."
        ),
    )
    evidence_notes = models.TextField(
        _("notes on the evidence"),
        blank=True,
        help_text=_("Where the figures come from and how sure they are."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The key figures as of the last save (store_figures()), so archetypes can aggregate them
    # in the database. None: not computable (no costs for the ratio). The ratio is kept as the
    # pages show it, rounded once to two decimals (calculations.shown_ratio).
    total_cost = models.DecimalField(
        _("total cost (€)"), max_digits=16, decimal_places=2, null=True, editable=False
    )
    pv_benefits = models.DecimalField(
        _("present value of the benefits (€)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        editable=False,
    )
    pv_costs = models.DecimalField(
        _("present value of the costs (€)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        editable=False,
    )
    sroi_ratio = models.DecimalField(
        _("SROI ratio"), max_digits=14, decimal_places=4, null=True, editable=False
    )

    objects = MonitoringPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("monitoring")
        verbose_name_plural = _("monitoring")
        constraints = [
            _percent_between_0_and_100("discount_rate", "monitoringplan"),
            models.CheckConstraint(
                condition=models.Q(granularity__in=choices.Granularity.values),
                name="monitoring_monitoringplan_granularity_valid",
            ),
        ]

    def __str__(self) -> str:
        return str(self.intervention)

    def get_absolute_url(self) -> str:
        return reverse("monitoring:detail", kwargs={"pk": self.intervention_id})

    @property
    def first_day(self):
        """The first day of year 1: the plan's start, else the intervention's, else the first
        period's."""
        if self.start_date:
            return self.start_date
        if self.intervention.start_date:
            return self.intervention.start_date
        starts = [period.start_date for period in self.periods.all()]
        return min(starts) if starts else None

    def store_figures(self) -> "PlanFigures":
        """Compute the figures (read through with_details() or not) and keep the key ones."""
        figures = self.figures()
        self.total_cost = _cents(figures.costs.total) if figures.has_costs else None
        self.pv_benefits = _cents(figures.sroi.pv_benefits)
        self.pv_costs = _cents(figures.sroi.pv_costs)
        # As the description's page shows it, so archetypes and benchmarks show the same.
        self.sroi_ratio = calculations.shown_ratio(figures.sroi.ratio)
        self.save(update_fields=["total_cost", "pv_benefits", "pv_costs", "sroi_ratio"])
        for effect in figures.effects:
            effect.indicator.keep_result(effect.result)
        EffectIndicator.objects.bulk_update(
            [effect.indicator for effect in figures.effects],
            ["status", "improvement", "latest_date"],
        )
        return figures

    def year_of(self, day: datetime.date) -> int:
        """The plan year (1, 2, …) in which `day` falls; days before year 1 count as year 1."""
        first = self.first_day
        if first is None or day <= first:
            return 1
        years = day.year - first.year - ((day.month, day.day) < (first.month, first.day))
        return years + 1

    # What the formulas read (calculations.py). Read through with_details(): no queries.

    def cost_items(self, *, budget: bool) -> list[calculations.CostItem]:
        return [
            calculations.CostItem(
                amount=line.total,
                group=line.group,
                category=line.category,
                bearer=line.bearer,
                year=self.year_of(line.period.start_date),
                period=line.period.label,
            )
            for line in self.cost_lines.all()
            if line.is_budget == budget
        ]

    def figures(self) -> "PlanFigures":
        """Every figure of the monitoring: costs, results, social return and its sensitivity.

        Realised costs when there are any; otherwise the budget, and the figures are a forecast.
        """
        costs = self.cost_items(budget=False)
        is_forecast = not costs
        if is_forecast:
            costs = self.cost_items(budget=True)
        totals = calculations.cost_totals(costs)
        outcomes = [outcome.as_calculation() for outcome in self.outcomes.all()]
        financing = [item.as_calculation() for item in self.financing.all()]
        values = [
            value.as_calculation()
            for output in self.outputs.all()
            for value in output.values.all()
        ]
        return PlanFigures(
            costs=totals,
            is_forecast=is_forecast,
            financing=financing,
            # The organisation's own funds are its own share, not money from others.
            own_share=calculations.own_share(
                totals.total,
                [item for item in financing if item.kind != choices.FinancingKind.OWN],
            ),
            outputs=[
                OutputFigures(
                    attainment, calculations.cost_per_unit(totals.total, attainment.realised)
                )
                for attainment in calculations.output_attainment(values)
            ],
            sroi=calculations.sroi(outcomes, costs, self.discount_rate),
            sensitivity=calculations.sensitivity(outcomes, costs, self.discount_rate),
            effects=[
                EffectFigures(indicator, indicator.result())
                for indicator in self.effect_indicators.all()
            ],
        )


@dataclass(frozen=True)
class OutputFigures:
    attainment: "calculations.OutputAttainment"
    cost_per_unit: Decimal | None


@dataclass(frozen=True)
class EffectFigures:
    indicator: "EffectIndicator"
    result: "calculations.EffectResult"


@dataclass(frozen=True)
class PlanFigures:
    costs: "calculations.CostTotals"
    is_forecast: bool
    financing: list
    own_share: Decimal
    outputs: list[OutputFigures]
    sroi: "calculations.SroiResult"
    sensitivity: "calculations.Sensitivity"
    effects: list[EffectFigures]

    @property
    def has_costs(self) -> bool:
        return bool(self.costs.total)


class ReportingPeriod(models.Model):
    plan = models.ForeignKey(
        MonitoringPlan, on_delete=models.CASCADE, related_name="periods", verbose_name=_("plan")
    )
    label = models.CharField(
        _("name"), max_length=50, help_text=_("For example 2025, 2025 Q1 or Autumn 2025.")
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=choices.PeriodStatus.choices,
        default=choices.PeriodStatus.OPEN,
    )
    narrative = models.TextField(
        _("progress"), blank=True, help_text=_("What happened in this period, in a few lines.")
    )

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["plan", "label"], name="monitoring_period_label"),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="monitoring_period_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=choices.PeriodStatus.values),
                name="monitoring_period_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def may_change_status(self, user, *, old: str | None, new: str) -> bool:
        """Only a manager of the plan's organisation approves a period (vastgesteld) or
        changes the status of an approved one; whoever may change the monitoring does the
        rest."""
        if old == new or choices.PeriodStatus.APPROVED not in (old, new):
            return True
        return self.plan.organisation_id in permissions.managed_organisation_ids(user)


class CostLine(models.Model):
    plan = models.ForeignKey(
        MonitoringPlan, on_delete=models.CASCADE, related_name="cost_lines", verbose_name=_("plan")
    )
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        related_name="cost_lines",
        verbose_name=_("period"),
    )
    category = models.CharField(_("category"), max_length=20, choices=choices.CostCategory.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("amount (€)"), null=True, blank=True, validators=NOT_NEGATIVE, **MONEY
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
        help_text=_("For own staff: hours × hourly rate instead of an amount."),
    )
    hourly_rate = models.DecimalField(
        _("hourly rate (€)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
    )
    bearer_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("borne by (partner)"),
    )
    bearer_name = models.CharField(
        _("borne by (other party)"),
        max_length=100,
        blank=True,
        help_text=_("When no partner bears it: for example Gemeente or Bewoners."),
    )
    is_budget = models.BooleanField(
        _("budgeted"), default=False, help_text=_("Planned, not yet spent.")
    )
    is_in_kind = models.BooleanField(_("in kind"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(category__in=choices.CostCategory.values),
                name="monitoring_costline_category_valid",
            ),
            # An amount, or hours with their rate: never both, never neither.
            models.CheckConstraint(
                condition=(
                    models.Q(amount__isnull=False, hours__isnull=True, hourly_rate__isnull=True)
                    | models.Q(amount__isnull=True, hours__isnull=False, hourly_rate__isnull=False)
                ),
                name="monitoring_costline_amount_or_hours",
            ),
            _not_negative("amount", "costline"),
            _not_negative("hours", "costline"),
            _not_negative("hourly_rate", "costline"),
        ]

    def __str__(self) -> str:
        return self.description or self.get_category_display()

    @property
    def bearer(self) -> str:
        if self.bearer_organisation_id:
            return self.bearer_organisation.name
        return self.bearer_name or self.plan.organisation.name

    @property
    def total(self) -> Decimal:
        if self.amount is not None:
            return self.amount
        return (self.hours or Decimal(0)) * (self.hourly_rate or Decimal(0))

    @property
    def group(self) -> str:
        return choices.CATEGORY_GROUPS[self.category]


class Financing(models.Model):
    plan = models.ForeignKey(
        MonitoringPlan, on_delete=models.CASCADE, related_name="financing", verbose_name=_("plan")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=choices.FinancingKind.choices)
    funder_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("funder (partner)"),
    )
    funder_name = models.CharField(_("funder (other party)"), max_length=100, blank=True)
    committed = models.DecimalField(
        _("committed (€)"), default=Decimal(0), validators=NOT_NEGATIVE, **MONEY
    )
    received = models.DecimalField(
        _("received (€)"), default=Decimal(0), validators=NOT_NEGATIVE, **MONEY
    )
    # Set on the line that records an award of a liveability budget round: the decision
    # keeps it (services.decide_application), the monitoring's forms leave it as it is.
    application = models.OneToOneField(
        "budgets.BudgetApplication",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="financing",
        verbose_name=_("budget application"),
    )

    class Meta:
        verbose_name = _("financing")
        verbose_name_plural = _("financing")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=choices.FinancingKind.values),
                name="monitoring_financing_kind_valid",
            ),
            _not_negative("committed", "financing"),
            _not_negative("received", "financing"),
        ]

    def __str__(self) -> str:
        return f"{self.funder} ({self.get_kind_display()})"

    def as_calculation(self) -> calculations.Financing:
        return calculations.Financing(
            funder=self.funder, kind=self.kind, committed=self.committed, received=self.received
        )

    @property
    def funder(self) -> str:
        if self.funder_organisation_id:
            return self.funder_organisation.name
        return self.funder_name or self.plan.organisation.name


class OutputIndicator(models.Model):
    plan = models.ForeignKey(
        MonitoringPlan, on_delete=models.CASCADE, related_name="outputs", verbose_name=_("plan")
    )
    name = models.CharField(
        _("result"), max_length=200, help_text=_("What the intervention directly delivers.")
    )
    unit = models.CharField(
        _("unit"), max_length=50, help_text=_("For example households, talks or repairs.")
    )
    baseline = models.DecimalField(_("baseline"), null=True, blank=True, **QUANTITY)
    target = models.DecimalField(
        _("target (total)"), null=True, blank=True, validators=NOT_NEGATIVE, **QUANTITY
    )
    direction = models.CharField(
        _("direction"),
        max_length=10,
        choices=choices.Direction.choices,
        default=choices.Direction.HIGHER,
    )

    class Meta:
        verbose_name = _("direct result")
        verbose_name_plural = _("direct results")
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="monitoring_output_name"),
            models.CheckConstraint(
                condition=models.Q(direction__in=choices.Direction.values),
                name="monitoring_output_direction_valid",
            ),
            _not_negative("target", "outputindicator"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class OutputValue(models.Model):
    indicator = models.ForeignKey(
        OutputIndicator,
        on_delete=models.CASCADE,
        related_name="values",
        verbose_name=_("result"),
    )
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        related_name="output_values",
        verbose_name=_("period"),
    )
    target = models.DecimalField(
        _("target"), null=True, blank=True, validators=NOT_NEGATIVE, **QUANTITY
    )
    realised = models.DecimalField(
        _("realised"), null=True, blank=True, validators=NOT_NEGATIVE, **QUANTITY
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("result per period")
        verbose_name_plural = _("results per period")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="monitoring_outputvalue_once_per_period"
            ),
            _not_negative("target", "outputvalue"),
            _not_negative("realised", "outputvalue"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} · {self.period}"

    def as_calculation(self) -> calculations.OutputValue:
        return calculations.OutputValue(
            indicator=self.indicator.name,
            unit=self.indicator.unit,
            period=self.period.label,
            target=self.target,
            realised=self.realised,
        )


class FinancialProxy(models.Model):
    """A shared library of money values for outcomes, curated by the programme staff."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    unit = models.CharField(_("per"), max_length=100)
    value = models.DecimalField(_("value (€)"), validators=NOT_NEGATIVE, **MONEY)
    price_year = models.PositiveSmallIntegerField(
        _("price year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("financial proxy")
        verbose_name_plural = _("financial proxies")
        constraints = [_not_negative("value", "financialproxy")]

    def __str__(self) -> str:
        return f"{self.name} ({format_money(self.value)} per {self.unit}, {self.price_year})"


class ValuedOutcome(models.Model):
    """One line of the social return: a change for one stakeholder, valued in euros."""

    plan = models.ForeignKey(
        MonitoringPlan, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("plan")
    )
    outcome = models.CharField(_("what changes"), max_length=200)
    beneficiary = models.CharField(
        _("for whom"),
        max_length=100,
        help_text=_("The stakeholder who gains: for example Bewoners, Corporatie or Gemeente."),
    )
    indicator = models.CharField(
        _("indicator"), max_length=200, blank=True, help_text=_("How you count the change.")
    )
    quantity = models.DecimalField(
        _("quantity"),
        validators=NOT_NEGATIVE,
        help_text=_("How many times the change happens in a year (people, cases, households)."),
        **QUANTITY,
    )
    proxy = models.DecimalField(
        _("value per unit (€)"),
        validators=NOT_NEGATIVE,
        help_text=_("What one unit of the change is worth in euros (the financial proxy)."),
        **MONEY,
    )
    library_proxy = models.ForeignKey(
        FinancialProxy,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from the proxy library"),
    )
    proxy_source = models.CharField(
        _("source of the value"),
        max_length=300,
        blank=True,
        help_text=_("Where the value comes from."),
    )
    deadweight = models.DecimalField(
        _("deadweight (%)"),
        default=Decimal(0),
        help_text=_(
            "The part that would have happened anyway, without the intervention. "
            "Example: 20 if one in five households would have found work anyway."
        ),
        **PERCENT,
    )
    displacement = models.DecimalField(
        _("displacement (%)"),
        default=Decimal(0),
        help_text=_(
            "The part that merely moved elsewhere. Example: 30 if nuisance in this street "
            "partly moved to the next street."
        ),
        **PERCENT,
    )
    attribution = models.DecimalField(
        _("attribution to others (%)"),
        default=Decimal(0),
        help_text=_(
            "The part that is thanks to others: other projects, the police, the neighbourhood "
            "team. Example: 40 if others did almost half of the work."
        ),
        **PERCENT,
    )
    drop_off = models.DecimalField(
        _("drop-off per year (%)"),
        default=Decimal(0),
        help_text=_(
            "How much of the effect fades each following year. Example: 25 if a quarter of it "
            "is gone a year later."
        ),
        **PERCENT,
    )
    duration_years = models.PositiveSmallIntegerField(
        _("duration (years)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("How many years the change lasts."),
    )
    start_offset = models.PositiveSmallIntegerField(
        _("starts after (years)"),
        default=0,
        validators=[MaxValueValidator(50)],
        help_text=_("0 when the change starts in the first year."),
    )
    justification = models.TextField(
        _("justification"),
        blank=True,
        help_text=_("Why these numbers: research, registrations, interviews."),
    )

    class Meta:
        verbose_name = _("valued outcome")
        verbose_name_plural = _("valued outcomes")
        constraints = [
            _not_negative("quantity", "valuedoutcome"),
            _not_negative("proxy", "valuedoutcome"),
            *(
                _percent_between_0_and_100(name, "valuedoutcome")
                for name in ("deadweight", "displacement", "attribution", "drop_off")
            ),
            models.CheckConstraint(
                condition=models.Q(duration_years__gte=1, duration_years__lte=50),
                name="monitoring_valuedoutcome_duration_range",
            ),
            models.CheckConstraint(
                condition=models.Q(start_offset__lte=50),
                name="monitoring_valuedoutcome_offset_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outcome} ({self.beneficiary})"

    def as_calculation(self) -> calculations.ValuedOutcome:
        return calculations.ValuedOutcome(
            outcome=self.outcome,
            beneficiary=self.beneficiary,
            quantity=self.quantity,
            proxy=self.proxy,
            deadweight=self.deadweight,
            displacement=self.displacement,
            attribution=self.attribution,
            drop_off=self.drop_off,
            duration=self.duration_years,
            start_offset=self.start_offset,
        )


EFFECT_VALUE = {"max_digits": 14, "decimal_places": 3}


def _percentage_scale(name: str, model: str) -> models.CheckConstraint:
    """On a percentage scale the value lies between 0 and 100."""
    return models.CheckConstraint(
        condition=~models.Q(scale=choices.Scale.PERCENTAGE)
        | models.Q(**{f"{name}__isnull": True})
        | models.Q(**{f"{name}__gte": 0, f"{name}__lte": 100}),
        name=f"monitoring_{model}_{name}_percentage",
    )


class StandardIndicatorQuerySet(models.QuerySet):
    def offered_for(self, intervention: Intervention) -> "StandardIndicatorQuerySet":
        """The standard indicators of the description's intended effects, those that an
        archetype of one of its intervention types recommends first (`is_recommended`)."""
        recommended = StandardIndicator.objects.filter(
            pk=models.OuterRef("pk"),
            recommended_by__intervention_type__in=intervention.intervention_types.all(),
        )
        effects = intervention.intended_effects.values("effect")
        return (
            self.filter(effect__in=effects)
            .annotate(is_recommended=models.Exists(recommended))
            .select_related("effect")
            .order_by("-is_recommended", "effect__code", "name")
        )


class StandardIndicator(models.Model):
    """A library of indicators per effect, curated by the programme staff, so that partners
    measure the same effect the same way and their figures can be compared."""

    effect = models.ForeignKey(
        Effect,
        on_delete=models.PROTECT,
        related_name="standard_indicators",
        verbose_name=_("effect"),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("For example: % bewoners dat zich veilig voelt in de buurt."),
    )
    scale = models.CharField(
        _("kind of number"),
        max_length=20,
        choices=choices.Scale.choices,
        default=choices.Scale.PERCENTAGE,
    )
    unit = models.CharField(
        _("unit"), max_length=50, blank=True, help_text=_("For example %, meldingen per jaar.")
    )
    direction = models.CharField(
        _("direction"),
        max_length=10,
        choices=choices.Direction.choices,
        default=choices.Direction.HIGHER,
    )
    method = models.CharField(_("method"), max_length=20, choices=choices.EffectMethod.choices)
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where the figure comes from, e.g. Leefbaarometer or the resident survey."),
    )
    explanation = models.TextField(
        _("how to measure"), blank=True, help_text=_("The question asked or the way of counting.")
    )

    objects = StandardIndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("standard indicator")
        verbose_name_plural = _("standard indicators")
        ordering = ["effect__code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["effect", "name"], name="monitoring_standardindicator_name"
            ),
            models.CheckConstraint(
                condition=models.Q(scale__in=choices.Scale.values),
                name="monitoring_standardindicator_scale_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(direction__in=choices.Direction.values),
                name="monitoring_standardindicator_direction_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(method__in=choices.EffectMethod.values),
                name="monitoring_standardindicator_method_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.effect.code} · {self.name}"


# An indicator from the library of standard indicators before one of the partner's own.
STANDARD_FIRST = Case(When(standard__isnull=False, then=Value(0)), default=Value(1))


class EffectIndicatorQuerySet(models.QuerySet):
    def one_per_plan_and_effect(self) -> "EffectIndicatorQuerySet":
        """Of these indicators, one per plan and effect: a standard indicator first, then the
        first entered. So a description counts once per effect wherever partners' measurements
        are pooled (the archetype's confrontation and figures, the benchmark)."""
        first = (
            self.order_by("plan_id", "effect_id", STANDARD_FIRST, "pk")
            .distinct("plan_id", "effect_id")
            .values("pk")
        )
        return self.model.objects.filter(pk__in=first)


class EffectIndicator(models.Model):
    """An effect indicator (DOMAIN.md §6a): did the neighbourhood change on one intended effect?

    The nulmeting (baseline) is measured before the intervention starts; measurements follow.
    A comparison area (vergelijkingsgebied) that is measured on the same dates shows what
    would have happened anyway. `status`, `improvement` and `latest_date` are kept at every
    save of the monitoring (MonitoringPlan.store_figures) for the aggregates of archetypes.
    """

    plan = models.ForeignKey(
        MonitoringPlan,
        on_delete=models.CASCADE,
        related_name="effect_indicators",
        verbose_name=_("plan"),
    )
    effect = models.ForeignKey(
        Effect, on_delete=models.PROTECT, related_name="+", verbose_name=_("intended effect")
    )
    standard = models.ForeignKey(
        StandardIndicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="uses",
        verbose_name=_("standard indicator"),
    )
    name = models.CharField(_("indicator"), max_length=200)
    scale = models.CharField(
        _("kind of number"),
        max_length=20,
        choices=choices.Scale.choices,
        default=choices.Scale.PERCENTAGE,
    )
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    direction = models.CharField(
        _("direction"),
        max_length=10,
        choices=choices.Direction.choices,
        default=choices.Direction.HIGHER,
    )
    method = models.CharField(_("method"), max_length=20, choices=choices.EffectMethod.choices)
    baseline_value = models.DecimalField(
        _("baseline (nulmeting)"), null=True, blank=True, **EFFECT_VALUE
    )
    baseline_date = models.DateField(_("date of the baseline"))
    target_value = models.DecimalField(_("target"), null=True, blank=True, **EFFECT_VALUE)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    next_measurement_date = models.DateField(_("next measurement planned"), null=True, blank=True)
    comparison_area = models.CharField(_("comparison area"), max_length=200, blank=True)
    comparison_baseline = models.DecimalField(
        _("comparison area at the baseline"), null=True, blank=True, **EFFECT_VALUE
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=choices.EffectStatus.choices,
        default=choices.EffectStatus.NOT_MEASURED,
        editable=False,
    )
    improvement = models.DecimalField(
        _("improvement (%)"), max_digits=14, decimal_places=4, null=True, editable=False
    )
    latest_date = models.DateField(_("latest measurement"), null=True, editable=False)

    objects = EffectIndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("effect indicator")
        verbose_name_plural = _("effect indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "effect", "name"], name="monitoring_effectindicator_name"
            ),
            models.CheckConstraint(
                condition=models.Q(scale__in=choices.Scale.values),
                name="monitoring_effectindicator_scale_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(direction__in=choices.Direction.values),
                name="monitoring_effectindicator_direction_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(method__in=choices.EffectMethod.values),
                name="monitoring_effectindicator_method_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=choices.EffectStatus.values),
                name="monitoring_effectindicator_status_valid",
            ),
            # Formula 14 needs a target that differs from the baseline.
            models.CheckConstraint(
                condition=models.Q(target_value__isnull=True)
                | models.Q(baseline_value__isnull=True)
                | ~models.Q(target_value=models.F("baseline_value")),
                name="monitoring_effectindicator_target_not_baseline",
            ),
            _percentage_scale("baseline_value", "effectindicator"),
            _percentage_scale("target_value", "effectindicator"),
            _percentage_scale("comparison_baseline", "effectindicator"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_percentage(self) -> bool:
        return self.scale == choices.Scale.PERCENTAGE

    def as_calculation(self) -> calculations.EffectIndicator:
        """Read with MonitoringPlanQuerySet.with_details(): no queries."""
        return calculations.EffectIndicator(
            direction=self.direction,
            baseline=self.baseline_value,
            baseline_date=self.baseline_date,
            target=self.target_value,
            measurements=tuple(item.as_calculation() for item in self.measurements.all()),
            comparison_baseline=self.comparison_baseline if self.comparison_area else None,
        )

    def result(self) -> calculations.EffectResult:
        return calculations.effect_result(self.as_calculation())

    def keep_result(self, result: calculations.EffectResult) -> None:
        """Set the stored figures from `result` (saved by the caller)."""
        self.status = result.status
        deciding = result.deciding_improvement
        self.improvement = (
            None if deciding is None else deciding.quantize(Decimal("0.0001"), ROUND_HALF_UP)
        )
        self.latest_date = result.latest.date if result.latest else None


class EffectMeasurement(models.Model):
    indicator = models.ForeignKey(
        EffectIndicator,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("effect indicator"),
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), **EFFECT_VALUE)
    respondents = models.PositiveIntegerField(
        _("respondents"), null=True, blank=True, help_text=_("For a survey: how many answered.")
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    comparison_value = models.DecimalField(
        _("comparison area"), null=True, blank=True, **EFFECT_VALUE
    )

    class Meta:
        verbose_name = _("effect measurement")
        verbose_name_plural = _("effect measurements")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "date"], name="monitoring_effectmeasurement_once_per_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} · {self.date}"

    def as_calculation(self) -> calculations.EffectMeasurement:
        return calculations.EffectMeasurement(
            date=self.date, value=self.value, comparison_value=self.comparison_value
        )


class MonitoringReminder(models.Model):
    """An e-mail that a reporting period or a planned measurement passed without figures.

    Kept so that each missed date is reminded once: a period by its last day, an indicator's
    nulmeting by its baseline date and a measurement by its planned date (a new planned date
    is a new reminder). Not versioned: it is a log, not part of the monitoring.
    """

    Kind = choices.ReminderKind

    plan = models.ForeignKey(
        MonitoringPlan, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("plan")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=choices.ReminderKind.choices)
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("period"),
    )
    indicator = models.ForeignKey(
        EffectIndicator,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("effect indicator"),
    )
    due_date = models.DateField(_("date that passed"))
    sent_to = models.CharField(_("sent to"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("monitoring reminder")
        verbose_name_plural = _("monitoring reminders")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=choices.ReminderKind.values),
                name="monitoring_reminder_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    kind=choices.ReminderKind.PERIOD,
                    period__isnull=False,
                    indicator__isnull=True,
                )
                | models.Q(
                    kind__in=[choices.ReminderKind.BASELINE, choices.ReminderKind.MEASUREMENT],
                    period__isnull=True,
                    indicator__isnull=False,
                ),
                name="monitoring_reminder_period_or_indicator",
            ),
            models.UniqueConstraint(
                fields=["period", "due_date"],
                condition=models.Q(period__isnull=False),
                name="monitoring_reminder_period_once",
            ),
            models.UniqueConstraint(
                fields=["indicator", "kind", "due_date"],
                condition=models.Q(indicator__isnull=False),
                name="monitoring_reminder_indicator_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.due_date}"


class RenderedReportQuerySet(models.QuerySet):
    def annotations(self, language: str, **subject) -> dict:
        """For a query of plans or organisations: the key and content of the report of
        `subject` (plan=…, or organisation=… and plan=None for a portfolio) in `language`."""
        rendered = self.filter(language=language, **subject)
        return {
            "rendered_key": Subquery(rendered.values("key")[:1]),
            "rendered_content": Subquery(
                rendered.values("content")[:1], output_field=models.BinaryField()
            ),
        }

    def keep(
        self, *, organisation, plan, language: str, key: str, renderer: str, content: bytes
    ) -> None:
        """Keep `content` as the report of the plan (None: the organisation's portfolio) in
        `language`, in place of the one kept before: one statement, whoever renders it too."""
        report = RenderedReport(
            organisation=organisation,
            plan=plan,
            language=language,
            key=key,
            renderer=renderer,
            content=content,
        )
        self.bulk_create(
            [report],
            update_conflicts=True,
            unique_fields=["organisation", "plan", "language"],
            update_fields=["key", "renderer", "content", "rendered_at"],
        )


class RenderedReport(models.Model):
    """A monitoring report's PDF as last rendered, served again while its key is the same.

    The key is a digest of the document's HTML (wwidw.pdf.document_key): of everything the PDF
    shows, read after the viewer's permission check, so any committed change of a figure, a
    text, a name, the date or the language gives another key. One is kept per plan (or
    portfolio) and language; a new rendering replaces it. Not versioned: it is a copy.

    `renderer` tells which renderer and print styles made it. After a deploy that changes them,
    the worker renders each kept report of a plan again (tasks.render_kept_reports_again), so
    its next download is at once too.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="rendered_reports",
        verbose_name=_("organisation"),
    )
    plan = models.ForeignKey(
        MonitoringPlan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rendered_reports",
        verbose_name=_("monitoring"),
        help_text=_("Empty: the organisation's portfolio."),
    )
    language = models.CharField(_("language"), max_length=10)
    key = models.CharField(_("key"), max_length=64)
    renderer = models.CharField(
        _("renderer"),
        max_length=64,
        blank=True,
        default="",
        help_text=_("The renderer and print styles it was made with (wwidw.pdf.renderer_key)."),
    )
    content = models.BinaryField(_("PDF"))
    rendered_at = models.DateTimeField(_("rendered at"), auto_now=True)

    objects = RenderedReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("rendered report")
        verbose_name_plural = _("rendered reports")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "plan", "language"],
                nulls_distinct=False,
                name="monitoring_renderedreport_one_per_report_and_language",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan or self.organisation} · {self.language}"


# Every save of the monitoring is a version of the plan with all its rows (services.py).
for child in (ReportingPeriod, CostLine, Financing, OutputValue, ValuedOutcome, EffectMeasurement):
    reversion.register(child)
reversion.register(OutputIndicator, follow=["values"])
reversion.register(EffectIndicator, follow=["measurements"])
reversion.register(
    MonitoringPlan,
    follow=["periods", "cost_lines", "financing", "outputs", "outcomes", "effect_indicators"],
)
