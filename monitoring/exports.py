"""The figures of the monitoring report as a spreadsheet (xlsx), for one plan or a portfolio.

The same figures as the PDF (documents.py), one sheet per part. Amounts, percentages and ratios
are numbers with a number format, so they can be summed and charted; they are rounded (cents,
hundredths of a percent, ten-thousandths of a ratio) because a spreadsheet holds doubles.
The effect indicators and their measurements are one row each under plain headings, with the
indicator's effect code and name on every measurement, so a sheet can be read back.

The file of one plan is also what its monitoring is imported from (imports.py): the settings,
the periods and the direct results have a sheet of their own, and every row that can be
entered carries its id in a last column, so that an edited file updates the same rows. The
sheets and columns of computed figures are left alone by the import.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from monitoring import choices
from monitoring.documents import PlanReport, plan_report
from monitoring.effect_display import IndicatorDisplay, indicator_displays
from monitoring.models import MonitoringPlan
from monitoring.portfolio import portfolio_totals
from wwidw.models import Organisation
from wwidw.spreadsheets import cell_value, keep_as_text, workbook_bytes

MONEY = "money"
PERCENT = "percent"
RATIO = "ratio"
NUMBER = "number"
DATE = "date"
TEXT = "text"
NUMBER_FORMATS = {
    MONEY: '"€" #,##0.00;"€" -#,##0.00',
    PERCENT: '0.00" %"',
    RATIO: '0.00" : 1"',
    NUMBER: "General",
    DATE: "DD-MM-YYYY",
}
PLACES = {MONEY: Decimal("0.01"), PERCENT: Decimal("0.01"), RATIO: Decimal("0.0001")}
BOLD = Font(bold=True)


@dataclass(frozen=True)
class Column:
    heading: str
    kind: str = TEXT


def _value(value, kind: str):
    """A number rounded for the spreadsheet, or the text; None stays an empty cell."""
    if value is None or isinstance(value, str):
        return value
    if kind in PLACES:
        return Decimal(value).quantize(PLACES[kind], rounding=ROUND_HALF_UP)
    return value


def set_cell(cell: Cell, value, kind: str) -> None:
    cell.value = cell_value(_value(value, kind))
    if kind in NUMBER_FORMATS and isinstance(cell.value, int | Decimal | datetime.date):
        cell.number_format = NUMBER_FORMATS[kind]
    keep_as_text(cell)


def write_table(
    sheet, start: int, columns: list[Column], rows: list[list], *, bold_last=False
) -> int:
    """A heading row at row `start` and the rows below it; returns the first row after a blank
    one. Column widths fit the headings."""
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=start, column=index, value=column.heading)
        cell.font = BOLD
        letter = get_column_letter(index)
        width = max(sheet.column_dimensions[letter].width or 0, len(column.heading) + 4, 14)
        sheet.column_dimensions[letter].width = width
    for offset, row in enumerate(rows, start=1):
        for index, (column, value) in enumerate(zip(columns, row, strict=True), start=1):
            cell = sheet.cell(row=start + offset, column=index)
            set_cell(cell, value, column.kind)
            if bold_last and offset == len(rows):
                cell.font = BOLD
    return start + len(rows) + 2


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _ratio(ratio: Decimal | None):
    return _("not defined: no costs") if ratio is None else ratio


# The sheets of one plan; `prefix` puts the intervention's title in front in a portfolio.


def _summary_rows(report: PlanReport) -> list[list]:
    figures, sroi = report.figures, report.sroi
    sensitivity = figures.sensitivity
    return [
        [_("Intervention"), report.intervention.title, TEXT],
        [_("Organisation"), report.plan.organisation.name, TEXT],
        [_("Date"), timezone.localdate(), TEXT],
        [_("Total cost"), figures.costs.total, MONEY],
        [_("Figures from the budget (forecast)"), _yes_no(figures.is_forecast), TEXT],
        [_("Own share"), figures.own_share, MONEY],
        [_("Realisation of the results"), report.realisation, PERCENT],
        [_("Discount rate"), report.plan.discount_rate, PERCENT],
        [_("Present value of the benefits"), sroi.pv_benefits, MONEY],
        [_("Present value of the costs"), sroi.pv_costs, MONEY],
        [_("Net present value"), sroi.npv, MONEY],
        [_("SROI ratio"), _ratio(sroi.ratio), RATIO],
        [_("Lowest ratio"), sensitivity.lowest, RATIO],
        [_("Highest ratio"), sensitivity.highest, RATIO],
        [_("Payback year"), sroi.payback_year, NUMBER],
    ]


def _write_summary(sheet, report: PlanReport) -> None:
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 40
    for number, (label, value, kind) in enumerate(_summary_rows(report), start=1):
        sheet.cell(row=number, column=1, value=label).font = BOLD
        cell = sheet.cell(row=number, column=2)
        set_cell(cell, value, kind)
        if kind == TEXT and hasattr(value, "isoformat"):
            cell.number_format = "DD-MM-YYYY"


def _cost_lines(report: PlanReport, prefix: list) -> list[list]:
    categories = dict(choices.CostCategory.choices)
    groups = dict(choices.CostGroup.choices)
    return [
        [
            *prefix,
            line.period.label,
            str(groups[line.group]),
            str(categories.get(line.category, line.category)),
            line.description,
            line.bearer,
            _yes_no(line.is_budget),
            _yes_no(line.is_in_kind),
            line.hours,
            line.hourly_rate,
            line.total,
            line.source,
            line.pk,
        ]
        for line in report.plan.cost_lines.all()
    ]


def _cost_columns(prefix: list[Column]) -> list[Column]:
    return [
        *prefix,
        Column(_("Period")),
        Column(_("Kind")),
        Column(_("Category")),
        Column(_("Description")),
        Column(_("Borne by")),
        Column(_("Budgeted")),
        Column(_("In kind")),
        Column(_("Hours"), NUMBER),
        Column(_("Hourly rate"), MONEY),
        Column(_("Amount"), MONEY),
        Column(_("Source")),
        Column(_("Id"), NUMBER),
    ]


def _financing_rows(report: PlanReport, prefix: list) -> list[list]:
    lines = report.plan.financing.all()  # in the order of report.financing
    return [
        [*prefix, item.funder, kind, item.committed, item.received, line.pk]
        for line, (item, kind) in zip(lines, report.financing, strict=True)
    ]


def _financing_columns(prefix: list[Column]) -> list[Column]:
    return [
        *prefix,
        Column(_("Funder")),
        Column(_("Kind")),
        Column(_("Committed"), MONEY),
        Column(_("Received"), MONEY),
        Column(_("Id"), NUMBER),
    ]


def _result_rows(report: PlanReport, prefix: list) -> list[list]:
    stored = {
        (output.name, value.period.label): value
        for output in report.plan.outputs.all()
        for value in output.values.all()
    }
    rows = []
    for result in report.results:
        name, unit = result.attainment.indicator, result.attainment.unit
        for period in result.periods:
            value = stored[name, period.period]
            values = [period.target, period.realised, period.realisation, None]
            rows.append([*prefix, name, unit, period.period, *values, value.source, value.pk])
        total = result.attainment
        values = [total.target, total.realised, total.realisation, result.cost_per_unit]
        rows.append([*prefix, name, unit, _("Total"), *values, "", None])
    return rows


def _result_columns(prefix: list[Column]) -> list[Column]:
    return [
        *prefix,
        Column(_("Result")),
        Column(_("Unit")),
        Column(_("Period")),
        Column(_("Target"), NUMBER),
        Column(_("Realised"), NUMBER),
        Column(_("Realisation"), PERCENT),
        Column(_("Cost per unit"), MONEY),
        Column(_("Source")),
        Column(_("Id"), NUMBER),
    ]


def _output_rows(report: PlanReport, prefix: list) -> list[list]:
    return [
        [
            *prefix,
            output.name,
            output.unit,
            output.baseline,
            output.target,
            output.get_direction_display(),
            output.pk,
        ]
        for output in report.plan.outputs.all()
    ]


def _output_columns(prefix: list[Column]) -> list[Column]:
    return [
        *prefix,
        Column(_("Result")),
        Column(_("Unit")),
        Column(_("Baseline"), NUMBER),
        Column(_("Target (total)"), NUMBER),
        Column(_("Direction")),
        Column(_("Id"), NUMBER),
    ]


def _outcome_rows(report: PlanReport, prefix: list) -> list[list]:
    rows = []
    for line in report.outcomes:
        outcome = line.outcome
        assumptions = [outcome.deadweight, outcome.displacement, outcome.attribution]
        rows.append(
            [
                *prefix,
                outcome.outcome,
                outcome.beneficiary,
                outcome.quantity,
                outcome.proxy,
                outcome.proxy_source,
                *assumptions,
                outcome.drop_off,
                outcome.duration_years,
                outcome.start_offset,
                line.first_year_value,
                line.total_value,
                line.present_value,
                outcome.indicator,
                outcome.library_proxy.name if outcome.library_proxy else "",
                outcome.justification,
                outcome.pk,
            ]
        )
    return rows


def _outcome_columns(prefix: list[Column]) -> list[Column]:
    return [
        *prefix,
        Column(_("Outcome")),
        Column(_("For whom")),
        Column(_("Quantity"), NUMBER),
        Column(_("Value per unit"), MONEY),
        Column(_("Source of the value")),
        Column(_("Deadweight"), PERCENT),
        Column(_("Displacement"), PERCENT),
        Column(_("Attribution"), PERCENT),
        Column(_("Drop-off"), PERCENT),
        Column(_("Years"), NUMBER),
        Column(_("Starts after (years)"), NUMBER),
        Column(_("Value in its first year"), MONEY),
        Column(_("Value over its duration"), MONEY),
        Column(_("Present value"), MONEY),
        Column(_("Indicator")),
        Column(_("Value from the library")),
        Column(_("Justification")),
        Column(_("Id"), NUMBER),
    ]


def _year_rows(report: PlanReport, prefix: list) -> list[list]:
    return [
        [*prefix, row.year, row.benefits, row.costs, row.pv_benefits, row.pv_costs]
        for row in report.years
    ]


def _year_columns(prefix: list[Column]) -> list[Column]:
    return [
        *prefix,
        Column(_("Year"), NUMBER),
        Column(_("Benefits"), MONEY),
        Column(_("Costs"), MONEY),
        Column(_("Benefits, present value"), MONEY),
        Column(_("Costs, present value"), MONEY),
    ]


def _actor_rows(report: PlanReport, prefix: list) -> list[list]:
    return [
        [*prefix, actor.actor, actor.pv_benefits, actor.pv_costs, actor.balance]
        for actor in report.sroi.by_actor
    ]


def _actor_columns(prefix: list[Column]) -> list[Column]:
    return [
        *prefix,
        Column(_("Stakeholder")),
        Column(_("Benefits"), MONEY),
        Column(_("Costs borne"), MONEY),
        Column(_("Balance"), MONEY),
    ]


def _sensitivity_rows(report: PlanReport, prefix: list) -> list[list]:
    sensitivity = report.figures.sensitivity
    rows = [
        [*prefix, row.assumption, row.step, _ratio(row.ratio_low), _ratio(row.ratio_high)]
        for row in report.sensitivity
    ]
    point = _ratio(sensitivity.point)
    rows.append([*prefix, _("Point value"), "", point, point])
    rows.append([*prefix, _("Range"), "", sensitivity.lowest, sensitivity.highest])
    return rows


def _sensitivity_columns(prefix: list[Column]) -> list[Column]:
    return [
        *prefix,
        Column(_("Assumption")),
        Column(_("Step")),
        Column(_("Lowest ratio"), RATIO),
        Column(_("Highest ratio"), RATIO),
    ]


def _effect_rows(report: PlanReport, prefix: list) -> list[list]:
    return [_effect_row(item, prefix) for item in indicator_displays(report.figures.effects)]


def _effect_row(item: IndicatorDisplay, prefix: list) -> list:
    indicator, result = item.indicator, item.result
    latest = result.latest
    return [
        *prefix,
        indicator.effect.code,
        indicator.effect.name,
        indicator.name,
        _yes_no(item.is_standard),
        indicator.get_scale_display(),
        indicator.unit,
        indicator.get_direction_display(),
        item.method_label,
        indicator.baseline_value,
        indicator.baseline_date,
        indicator.target_value,
        indicator.target_date,
        indicator.next_measurement_date,
        indicator.comparison_area,
        indicator.comparison_baseline,
        latest.date if latest else None,
        latest.value if latest else None,
        latest.comparison_value if latest else None,
        result.change,
        result.relative_change,
        result.improvement,
        result.attainment,
        result.net_change,
        result.net_improvement,
        item.status_label,
        item.words,
        indicator.note,
        indicator.standard.name if indicator.standard else "",
        indicator.pk,
    ]


def _effect_columns(prefix: list[Column]) -> list[Column]:
    return [
        *prefix,
        Column(_("Effect code")),
        Column(_("Intended effect")),
        Column(_("Indicator")),
        Column(_("Standard indicator")),
        Column(_("Kind of number")),
        Column(_("Unit")),
        Column(_("Direction")),
        Column(_("Method")),
        Column(_("Baseline"), NUMBER),
        Column(_("Baseline date"), DATE),
        Column(_("Target"), NUMBER),
        Column(_("Target date"), DATE),
        Column(_("Next measurement planned"), DATE),
        Column(_("Comparison area")),
        Column(_("Comparison area at the baseline"), NUMBER),
        Column(_("Latest measurement date"), DATE),
        Column(_("Latest value"), NUMBER),
        Column(_("Comparison area at the latest measurement"), NUMBER),
        Column(_("Change"), NUMBER),
        Column(_("Relative change"), PERCENT),
        Column(_("Improvement"), PERCENT),
        Column(_("Target attainment"), PERCENT),
        Column(_("Net change"), NUMBER),
        Column(_("Net improvement"), PERCENT),
        Column(_("Status")),
        Column(_("Result in words")),
        Column(_("Note")),
        Column(_("Standard indicator name")),
        Column(_("Id"), NUMBER),
    ]


def _measurement_rows(report: PlanReport, prefix: list) -> list[list]:
    return [
        [
            *prefix,
            indicator.effect.code,
            indicator.name,
            item.date,
            item.value,
            item.respondents,
            item.source,
            item.note,
            item.comparison_value,
            item.pk,
        ]
        for indicator in (effect.indicator for effect in report.figures.effects)
        for item in indicator.measurements.all()
    ]


def _measurement_columns(prefix: list[Column]) -> list[Column]:
    return [
        *prefix,
        Column(_("Effect code")),
        Column(_("Indicator")),
        Column(_("Date"), DATE),
        Column(_("Value"), NUMBER),
        Column(_("Respondents"), NUMBER),
        Column(_("Source")),
        Column(_("Note")),
        Column(_("Value in the comparison area"), NUMBER),
        Column(_("Id"), NUMBER),
    ]


def _settings_rows(report: PlanReport, prefix: list) -> list[list]:
    plan = report.plan
    return [
        [
            *prefix,
            plan.intervention_id,
            plan.organisation.name,
            plan.start_date,
            plan.discount_rate,
            plan.price_year,
            _yes_no(plan.is_shared),
            plan.evidence_notes,
        ]
    ]


def _settings_columns(prefix: list[Column]) -> list[Column]:
    return [
        *prefix,
        Column(_("Description number"), NUMBER),
        Column(_("Organisation")),
        Column(_("Start of year 1"), DATE),
        Column(_("Discount rate"), PERCENT),
        Column(_("Price year"), NUMBER),
        Column(_("Share the results")),
        Column(_("Notes on the evidence")),
    ]


def _period_rows(report: PlanReport, prefix: list) -> list[list]:
    return [
        [
            *prefix,
            period.label,
            period.start_date,
            period.end_date,
            period.get_status_display(),
            period.narrative,
            period.pk,
        ]
        for period in report.plan.periods.all()
    ]


def _period_columns(prefix: list[Column]) -> list[Column]:
    return [
        *prefix,
        Column(_("Period")),
        Column(_("First day"), DATE),
        Column(_("Last day"), DATE),
        Column(_("Status")),
        Column(_("Progress")),
        Column(_("Id"), NUMBER),
    ]


# Sheet name → its tables, each (columns, rows) for the reports given.
def _sheets() -> list[tuple[str, list]]:
    return [
        (_("Settings"), [(_settings_columns, _settings_rows)]),
        (_("Periods"), [(_period_columns, _period_rows)]),
        (_("Costs"), [(_cost_columns, _cost_lines)]),
        (_("Financing"), [(_financing_columns, _financing_rows)]),
        (_("Results"), [(_result_columns, _result_rows)]),
        (_("Direct results"), [(_output_columns, _output_rows)]),
        (
            _("Social value"),
            [
                (_outcome_columns, _outcome_rows),
                (_year_columns, _year_rows),
                (_actor_columns, _actor_rows),
            ],
        ),
        (_("Sensitivity"), [(_sensitivity_columns, _sensitivity_rows)]),
        (_("Effects"), [(_effect_columns, _effect_rows)]),
        (_("Measurements"), [(_measurement_columns, _measurement_rows)]),
    ]


def _write_sheets(workbook: Workbook, reports: list[PlanReport], *, with_title: bool) -> None:
    prefix_columns = [Column(_("Intervention"))] if with_title else []
    for name, tables in _sheets():
        sheet = workbook.create_sheet(name)
        sheet.freeze_panes = "A2"
        start = 1
        for columns, rows in tables:
            lines = [
                row
                for report in reports
                for row in rows(report, [report.intervention.title] if with_title else [])
            ]
            start = write_table(sheet, start, columns(prefix_columns), lines)


def plan_xlsx(plan: MonitoringPlan) -> bytes:
    """The figures of one plan, which comes from `with_details()`."""
    report = plan_report(plan)
    workbook = Workbook()
    workbook.active.title = _("Summary")
    _write_summary(workbook.active, report)
    _write_sheets(workbook, [report], with_title=False)
    return workbook_bytes(workbook)


def _portfolio_summary(sheet, organisation: Organisation, reports: list[PlanReport]) -> None:
    columns = [
        Column(_("Intervention")),
        Column(_("Total cost"), MONEY),
        Column(_("Own share"), MONEY),
        Column(_("Realisation of the results"), PERCENT),
        Column(_("Present value of the benefits"), MONEY),
        Column(_("Present value of the costs"), MONEY),
        Column(_("Net present value"), MONEY),
        Column(_("SROI ratio"), RATIO),
    ]
    rows = [
        [
            entry.intervention.title,
            entry.figures.costs.total,
            entry.figures.own_share,
            entry.realisation,
            entry.sroi.pv_benefits,
            entry.sroi.pv_costs,
            entry.sroi.npv,
            _ratio(entry.sroi.ratio),
        ]
        for entry in reports
    ]
    totals = portfolio_totals(report.figures for report in reports)
    net = totals.pv_benefits - totals.pv_costs
    money = [totals.total_cost, totals.own_share, None, totals.pv_benefits, totals.pv_costs, net]
    rows.append([_("Total"), *money, _ratio(totals.ratio)])
    sheet.cell(row=1, column=1, value=cell_value(organisation.name)).font = BOLD
    sheet.cell(row=1, column=2, value=timezone.localdate()).number_format = "DD-MM-YYYY"
    write_table(sheet, 3, columns, rows, bold_last=True)
    sheet.column_dimensions["A"].width = 40


def portfolio_xlsx(organisation: Organisation, plans: list[MonitoringPlan]) -> bytes:
    """The figures of every plan given (from `with_details()`), one row block per plan."""
    reports = [plan_report(plan) for plan in plans]
    workbook = Workbook()
    workbook.active.title = _("Summary")
    _portfolio_summary(workbook.active, organisation, reports)
    _write_sheets(workbook, reports, with_title=True)
    return workbook_bytes(workbook)
