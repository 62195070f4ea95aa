"""The round report of a liveability budget round as a spreadsheet (xlsx): the same figures as
its PDF (budgets/documents.py)."""

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook

from budgets.documents import RoundReport, round_report
from budgets.models import BudgetRound
from monitoring.exports import (
    BOLD,
    MONEY,
    NUMBER,
    PERCENT,
    RATIO,
    TEXT,
    Column,
    set_cell,
    write_table,
)
from wwidw.spreadsheets import workbook_bytes


def _round_summary(sheet, report: RoundReport) -> None:
    budget_round = report.round
    rows = [
        [_("Round"), budget_round.name, TEXT],
        [_("Organisation"), budget_round.organisation.name, TEXT],
        [_("Year"), budget_round.year, NUMBER],
        [_("Status"), budget_round.get_status_display(), TEXT],
        [_("Date"), timezone.localdate(), TEXT],
        [_("Total budget"), budget_round.total_budget, MONEY],
        [_("Requested in all (submitted and decided applications)"), report.requested, MONEY],
        [_("Awarded"), report.awarded, MONEY],
        [_("Left"), report.remaining, MONEY],
    ]
    sheet.column_dimensions["A"].width = 50
    sheet.column_dimensions["B"].width = 40
    for number, (label, value, kind) in enumerate(rows, start=1):
        sheet.cell(row=number, column=1, value=label).font = BOLD
        cell = sheet.cell(row=number, column=2)
        set_cell(cell, value, kind)
        if kind == TEXT and hasattr(value, "isoformat"):
            cell.number_format = "DD-MM-YYYY"
    columns = [Column(_("Status")), Column(_("Number"), NUMBER)]
    counts = [[str(capfirst(row.label)), row.count] for row in report.counts]
    write_table(sheet, len(rows) + 2, columns, counts)


def _round_applications(report: RoundReport) -> tuple[list[Column], list[list]]:
    columns = [
        Column(_("Intervention")),
        Column(_("Applicant")),
        Column(_("Requested"), MONEY),
        Column(_("Co-financing"), MONEY),
        Column(_("Completeness")),
        Column(_("Missing items"), NUMBER),
        Column(_("Decision")),
        Column(_("Decided by")),
        Column(_("Awarded"), MONEY),
        Column(_("Reason")),
        Column(_("Description changed since it was submitted")),
    ]
    rows = [
        [
            row.application.description.title,
            str(row.application.applicant),
            row.application.amount_requested,
            row.application.co_financing,
            row.completeness,
            row.missing,
            str(capfirst(row.application.get_status_display())),
            row.application.decider_name if row.application.is_decided else "",
            row.application.awarded_amount,
            row.application.decision_reason,
            row.changes_url,
        ]
        for row in report.applications
    ]
    return columns, rows


def _round_projects(report: RoundReport) -> tuple[list[Column], list[list]]:
    columns = [
        Column(_("Intervention")),
        Column(_("Awarded"), MONEY),
        Column(_("Spent (realised costs in the monitoring)"), MONEY),
        Column(_("SROI ratio"), RATIO),
        Column(_("Note")),
    ]
    rows = [
        [
            project.intervention.title,
            project.application.awarded_amount,
            project.spent,
            project.ratio,
            project.ratio_note or (_("forecast from the budget") if project.is_forecast else ""),
        ]
        for project in report.projects
    ]
    return columns, rows


def _round_results(report: RoundReport) -> tuple[list[Column], list[list]]:
    columns = [
        Column(_("Intervention")),
        Column(_("Result")),
        Column(_("Unit")),
        Column(_("Target"), NUMBER),
        Column(_("Realised"), NUMBER),
        Column(_("Realisation"), PERCENT),
    ]
    rows = [
        [
            project.intervention.title,
            output.attainment.indicator,
            output.attainment.unit,
            output.attainment.target,
            output.attainment.realised,
            output.attainment.realisation,
        ]
        for project in report.projects
        for output in project.outputs
    ]
    return columns, rows


def round_xlsx(budget_round: BudgetRound) -> bytes:
    """The round report as a spreadsheet: the summary, every submitted or decided application,
    and per awarded project what was spent and realised."""
    report = round_report(budget_round)
    workbook = Workbook()
    workbook.active.title = _("Summary")
    _round_summary(workbook.active, report)
    for name, table in [
        (_("Applications"), _round_applications),
        (_("Awarded projects"), _round_projects),
        (_("Results"), _round_results),
    ]:
        sheet = workbook.create_sheet(name)
        sheet.freeze_panes = "A2"
        write_table(sheet, 1, *table(report))
    return workbook_bytes(workbook)
