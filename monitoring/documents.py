"""The monitoring report: one intervention's figures, or an organisation's portfolio, as a PDF.

`plan_report()` gathers what the report shows from `MonitoringPlan.figures()`, so the PDF and
the spreadsheet (exports.py) show the same numbers. Plans come from `with_details()`:
building a report runs no query. The PDF is rendered like a description's
(interventions/reports.py): WeasyPrint, fonts and styles from `static/` through a fetcher that
refuses everything else.

A rendered PDF is kept (RenderedReport) and served again as long as the HTML it was made from
is the same: `report_pdf()` and `portfolio_pdf()` build the HTML, which takes a fraction of the
rendering, and render only when its key differs from the kept one. The cover dates the
figures by the last save of the monitoring (`updated_at`, the latest of a portfolio's plans), not
by the day of the download: the report kept yesterday is still the one to serve today.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from monitoring import calculations, charts, choices
from monitoring.models import MonitoringPlan, PlanFigures, RenderedReport, ValuedOutcome
from monitoring.portfolio import average_realisation, portfolio_totals
from wwidw import pdf
from wwidw.models import Organisation

ZERO = Decimal(0)
# Periods side by side in one table of results; more go in a next table.
PERIOD_COLUMNS = 6


@dataclass(frozen=True)
class Amount:
    label: str
    amount: Decimal


@dataclass(frozen=True)
class PeriodResult:
    period: str
    target: Decimal | None
    realised: Decimal | None
    realisation: Decimal | None


@dataclass(frozen=True)
class ResultTable:
    """One direct result: its values per period, its totals and what a unit cost."""

    attainment: calculations.OutputAttainment
    cost_per_unit: Decimal | None
    periods: list[PeriodResult]


@dataclass(frozen=True)
class ResultMatrix:
    """Results down, periods across: a table that fits the page. The last one of a report
    also holds the totals."""

    periods: list[str]
    rows: list[tuple[ResultTable, list[PeriodResult | None]]]
    has_totals: bool


@dataclass(frozen=True)
class OutcomeLine:
    """One valued outcome with its assumptions and what it is worth."""

    outcome: ValuedOutcome
    first_year_value: Decimal
    total_value: Decimal  # over its duration, not discounted
    present_value: Decimal


@dataclass(frozen=True)
class YearRow:
    year: int
    benefits: Decimal
    costs: Decimal
    pv_benefits: Decimal
    pv_costs: Decimal


@dataclass(frozen=True)
class SensitivityLine:
    assumption: str
    step: str
    ratio_low: Decimal | None
    ratio_high: Decimal | None


class _OfPlan:
    """What a report and a portfolio entry read the same way from their plan and figures."""

    plan: MonitoringPlan
    figures: PlanFigures

    @property
    def intervention(self):
        return self.plan.intervention

    @property
    def sroi(self) -> calculations.SroiResult:
        return self.figures.sroi


@dataclass(frozen=True)
class PlanReport(_OfPlan):
    """Everything the report of one intervention shows."""

    plan: MonitoringPlan
    figures: PlanFigures
    realisation: Decimal | None
    costs_by_group: list[Amount]
    costs_by_category: list[Amount]
    costs_by_period: list[Amount]
    costs_by_bearer: list[Amount]
    financing: list[tuple[calculations.Financing, str]]
    financing_received: Decimal
    financing_committed: Decimal
    results: list[ResultTable]
    result_matrices: list[ResultMatrix]
    outcomes: list[OutcomeLine]
    years: list[YearRow]
    sensitivity: list[SensitivityLine]
    category_chart: charts.Chart
    bearer_chart: charts.Chart
    results_chart: charts.Chart
    actor_chart: charts.Chart


def _amounts(totals: dict, labels: dict | None = None) -> list[Amount]:
    labels = labels or {}
    return [Amount(str(labels.get(key, key)), amount) for key, amount in totals.items()]


def _period_results(plan: MonitoringPlan) -> dict[str, list[PeriodResult]]:
    """Per result name, its target and realised value in each period that has one."""
    results = {}
    for output in plan.outputs.all():
        results[output.name] = [
            PeriodResult(
                value.period.label,
                value.target,
                value.realised,
                calculations.realisation(value.realised, value.target),
            )
            for value in output.values.all()
        ]
    return results


def _results(plan: MonitoringPlan, figures: PlanFigures) -> list[ResultTable]:
    per_period = _period_results(plan)
    return [
        ResultTable(
            output.attainment,
            output.cost_per_unit,
            per_period.get(output.attainment.indicator, []),
        )
        for output in figures.outputs
    ]


def result_matrices(
    plan: MonitoringPlan, results: list[ResultTable], *, columns: int = PERIOD_COLUMNS
) -> list[ResultMatrix]:
    """The results per period in as few tables as hold at most `columns` periods each, with
    the periods spread evenly over them (8 periods: two tables of 4)."""
    labels = [period.label for period in plan.periods.all()]
    size = math.ceil(len(labels) / math.ceil(len(labels) / columns)) if labels else columns
    chunks = [labels[start : start + size] for start in range(0, len(labels), size)]
    matrices = []
    for number, chunk in enumerate(chunks or [[]], start=1):
        rows = []
        for result in results:
            by_period = {row.period: row for row in result.periods}
            rows.append((result, [by_period.get(label) for label in chunk]))
        matrices.append(ResultMatrix(chunk, rows, has_totals=number == max(len(chunks), 1)))
    return matrices


def results_chart(figures: PlanFigures) -> charts.Chart:
    """Per result its target and realised total; the periods are in the tables."""
    return charts.paired_bar_chart(
        _("Results: target and realised"),
        [
            (f"{item.indicator} ({item.unit})", item.target, item.realised)
            for item in (output.attainment for output in figures.outputs)
        ],
        first_label=_("Target"),
        second_label=_("Realised"),
        label_heading=_("Result"),
    )


def _outcome_line(outcome: ValuedOutcome, rate: Decimal) -> OutcomeLine:
    line = outcome.as_calculation()
    yearly = calculations.yearly_benefits([line])
    return OutcomeLine(
        outcome,
        calculations.first_year_value(line),
        sum(yearly.values(), ZERO),
        calculations.present_value_of_benefits(yearly, rate),
    )


def _years(sroi: calculations.SroiResult, rate: Decimal) -> list[YearRow]:
    years = sorted(sroi.yearly_benefits.keys() | sroi.yearly_costs.keys())
    rows = []
    for year in years:
        benefits = sroi.yearly_benefits.get(year, ZERO)
        costs = sroi.yearly_costs.get(year, ZERO)
        pv_benefits = calculations.present_value_of_benefits({year: benefits}, rate)
        pv_costs = calculations.present_value_of_costs({year: costs}, rate)
        rows.append(YearRow(year, benefits, costs, pv_benefits, pv_costs))
    return rows


def _assumption_label(row: calculations.SensitivityRow) -> str:
    if row.assumption == "deadweight":
        return _("Deadweight of every outcome")
    if row.assumption == "attribution":
        return _("Attribution of every outcome")
    return _("Value per unit of %(outcome)s") % {"outcome": row.subject}


def _sensitivity(figures: PlanFigures) -> list[SensitivityLine]:
    return [
        SensitivityLine(_assumption_label(row), row.step, row.ratio_low, row.ratio_high)
        for row in figures.sensitivity.rows
    ]


def _financing(figures: PlanFigures) -> list[tuple[calculations.Financing, str]]:
    labels = dict(choices.FinancingKind.choices)
    return [(item, str(labels.get(item.kind, item.kind))) for item in figures.financing]


def category_chart(figures: PlanFigures) -> charts.Chart:
    rows = _amounts(figures.costs.by_category, dict(choices.CostCategory.choices))
    return charts.bar_chart(
        _("Costs per category"),
        [(row.label, row.amount) for row in rows],
        label_heading=_("Category"),
    )


def _charts(figures: PlanFigures) -> dict[str, charts.Chart]:
    bearers = figures.costs.by_bearer
    actors = figures.sroi.by_actor
    return {
        "category_chart": category_chart(figures),
        "results_chart": results_chart(figures),
        "bearer_chart": charts.bar_chart(
            _("Costs per bearer"), list(bearers.items()), label_heading=_("Borne by")
        ),
        "actor_chart": charts.diverging_bar_chart(
            _("Who invests, who gains"), [(actor.actor, actor.balance) for actor in actors]
        ),
    }


def plan_report(plan: MonitoringPlan) -> PlanReport:
    """The report of one plan, which comes from `with_details()`."""
    figures = plan.figures()
    costs = figures.costs
    results = _results(plan, figures)
    return PlanReport(
        plan=plan,
        figures=figures,
        realisation=average_realisation(figures),
        costs_by_group=_amounts(costs.by_group, dict(choices.CostGroup.choices)),
        costs_by_category=_amounts(costs.by_category, dict(choices.CostCategory.choices)),
        costs_by_period=_amounts(costs.by_period),
        costs_by_bearer=_amounts(costs.by_bearer),
        financing=_financing(figures),
        financing_received=sum((item.received for item in figures.financing), ZERO),
        financing_committed=sum((item.committed for item in figures.financing), ZERO),
        results=results,
        result_matrices=result_matrices(plan, results),
        outcomes=[_outcome_line(outcome, plan.discount_rate) for outcome in plan.outcomes.all()],
        years=_years(figures.sroi, plan.discount_rate),
        sensitivity=_sensitivity(figures),
        **_charts(figures),
    )


def render_report_html(plan: MonitoringPlan, *, request=None) -> str:
    context = {
        "report": plan_report(plan),
        "organisation": plan.organisation,
        "as_of": plan.updated_at,
    }
    return render_to_string("monitoring/report_pdf.html", context, request=request)


def render_report_pdf(plan: MonitoringPlan, *, request=None) -> bytes:
    """The monitoring report of one intervention; `plan` comes from `with_details()`."""
    return pdf.html_to_pdf(render_report_html(plan, request=request))


# The portfolio: every monitored intervention of one organisation.


@dataclass(frozen=True)
class PortfolioEntry(_OfPlan):
    """The key figures of one plan, with its chart of costs."""

    plan: MonitoringPlan
    figures: PlanFigures
    realisation: Decimal | None
    category_chart: charts.Chart


def portfolio_entries(plans) -> list[PortfolioEntry]:
    """The key figures per plan, in the order given; plans come from `with_details()`."""
    entries = []
    for plan in plans:
        figures = plan.figures()
        chart = category_chart(figures)
        entries.append(PortfolioEntry(plan, figures, average_realisation(figures), chart))
    return entries


def render_portfolio_html(organisation: Organisation, plans, *, request=None) -> str:
    entries = portfolio_entries(plans)
    context = {
        "organisation": organisation,
        "entries": entries,
        "totals": portfolio_totals(entry.figures for entry in entries),
        "as_of": max((entry.plan.updated_at for entry in entries), default=timezone.now()),
    }
    return render_to_string("monitoring/portfolio_pdf.html", context, request=request)


def render_portfolio_pdf(organisation: Organisation, plans, *, request=None) -> bytes:
    """The portfolio report of `organisation`; `plans` come from `with_details()`."""
    return pdf.html_to_pdf(render_portfolio_html(organisation, plans, request=request))


# Kept renderings.


def kept_or_rendered(html: str, kept, *, organisation, plan) -> bytes:
    """The PDF of `html`: the kept one (`kept` is annotated by RenderedReport's annotations())
    when it was made from the same, else rendered now and kept in its place."""
    key = pdf.document_key(html)
    if kept.rendered_key == key:
        return bytes(kept.rendered_content)
    content = pdf.html_to_pdf(html)
    RenderedReport.objects.keep(
        organisation=organisation,
        plan=plan,
        language=get_language(),
        key=key,
        renderer=pdf.renderer_key(),
        content=content,
    )
    return content


def report_pdf(plan: MonitoringPlan, *, request=None) -> bytes:
    """The report of one plan, from `with_details().with_rendered_report(language)`."""
    html = render_report_html(plan, request=request)
    return kept_or_rendered(html, plan, organisation=plan.organisation, plan=plan)


def portfolio_pdf(organisation: Organisation, plans, *, request=None) -> bytes:
    """The portfolio report; `organisation` is annotated by RenderedReport's annotations()
    for the portfolio (plan=None), the plans come from `with_details()`."""
    html = render_portfolio_html(organisation, plans, request=request)
    return kept_or_rendered(html, organisation, organisation=organisation, plan=None)
