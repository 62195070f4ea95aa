"""Reading a plan's monitoring back from the xlsx of its export (exports.py).

The file is the whole monitoring: the rows of each sheet that carry an id update those rows,
rows without an id are new, and rows of the plan that the file no longer holds are removed
(the preview lists each of them, and the version before the import stays in the history). The
sheets and columns of computed figures (the summary, the totals, the sensitivity, the result
of an effect) are left alone.

Every row goes through the form of its monitoring page (forms.py), so a cell gets the message
the page gives. `apply_file` writes the rows kind by kind, so that a cost line can name a
period the same file adds; `check_file` runs it inside a transaction that is rolled back, for
the preview, and `services.import_monitoring` runs it for real as one version of the plan.

A file whose settings name another description is a copy: its ids mean nothing here, so every
row is added as new, and only to a description whose monitoring is still empty. What the
file's organisation bore or funded itself becomes the importing organisation's own.
"""

import dataclasses
import datetime
import uuid
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django import forms as django_forms
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from interventions.models import Effect, Intervention
from monitoring import choices, forms
from monitoring.models import (
    CostLine,
    EffectIndicator,
    EffectMeasurement,
    FinancialProxy,
    Financing,
    MonitoringPlan,
    OutputIndicator,
    OutputValue,
    ReportingPeriod,
    StandardIndicator,
    ValuedOutcome,
)
from wwidw import sheet_input
from wwidw.models import Organisation, User

# A monitoring file is small: a plan of ten years in quarters with a dozen cost lines each has
# some 500 rows in its largest sheet.
MAX_ROWS = 5_000
ID = gettext_noop("Id")

FORMULA = gettext_noop(
    "This cell holds a formula. Fill in the value itself; the import does not run formulas."
)
UNKNOWN_ID = gettext_noop(
    "This id is not a row of this monitoring. Leave the id of a row as the export gave it, "
    "or empty the cell to add the row as a new one."
)
DOUBLE_ID = gettext_noop("This id is on another row of this sheet too. Each row keeps its own id.")


# How a cell is read: each parser takes the cell and gives the value or raises CellError.


def _text(cell) -> str:
    if isinstance(cell.raw, datetime.datetime | datetime.date):
        return formats.date_format(cell.raw)
    return cell.text


def _decimal(cell, model_field=None) -> Decimal | None:
    """A number; for a column of a model field, read as that field's form reads it."""
    if cell.is_empty:
        return None
    if model_field is None:
        return sheet_input.parse_decimal(cell.raw)
    return sheet_input.parse_number_for(model_field, cell.raw)


def _int(cell) -> int | None:
    return None if cell.is_empty else sheet_input.parse_int(cell.raw)


def _date(cell) -> datetime.date | None:
    return None if cell.is_empty else sheet_input.parse_date(cell.raw)


def _bool(cell) -> bool:
    return sheet_input.parse_bool(cell.raw)


def _choice(options: type[models.TextChoices]) -> Callable:
    """A value of `options` by its label (as the export writes it) or its code."""

    def parse(cell) -> str:
        text = _text(cell)
        if text == "":
            return ""
        names = {}
        for value, label in options.choices:
            names[str(label).casefold()] = value
            names[value.casefold()] = value
        if text.casefold() in names:
            return names[text.casefold()]
        labels = {value: str(label) for value, label in options.choices}
        raise sheet_input.CellError(_unknown(text, labels))

    return parse


def _unknown(text: str, names: dict[str, str]) -> str:
    """What to say of `text`, which is none of `names` (code → name)."""
    near = sheet_input.suggest(text, names)
    if near:
        return _("“%(text)s” is not one of the choices. Did you mean %(near)s?") % {
            "text": text,
            "near": _(" or ").join(f"“{name}”" for name in near),
        }
    return _("“%(text)s” is not one of the choices: %(choices)s.") % {
        "text": text,
        "choices": ", ".join(f"“{name}”" for name in names.values()),
    }


@dataclasses.dataclass(frozen=True)
class Column:
    heading: str  # the English heading of exports.py; the file has it in the user's language
    name: str  # what the parsed value is called: a form field, or a reference resolved later
    parse: Callable = _text


@dataclasses.dataclass(frozen=True)
class Kind:
    """One importable table of the export: its sheet, the columns read, and its rows."""

    key: str
    sheet: str
    columns: tuple[Column, ...]
    model: type[models.Model] | None = None
    # Rows of the table that are computed (the results' totals): a column and its value.
    skip: tuple[str, str] | None = None

    def heading_of(self, name: str) -> str | None:
        return next((column.heading for column in self.columns if column.name == name), None)


SETTINGS = Kind(
    "settings",
    gettext_noop("Settings"),
    (
        Column(gettext_noop("Description number"), "description", _int),
        Column(gettext_noop("Organisation"), "organisation"),
        Column(gettext_noop("Start of year 1"), "start_date", _date),
        Column(gettext_noop("Discount rate"), "discount_rate", _decimal),
        Column(gettext_noop("Price year"), "price_year", _int),
        Column(gettext_noop("Share the results"), "is_shared", _bool),
        Column(gettext_noop("Notes on the evidence"), "evidence_notes"),
    ),
)
PERIODS = Kind(
    "periods",
    gettext_noop("Periods"),
    (
        Column(gettext_noop("Period"), "label"),
        Column(gettext_noop("First day"), "start_date", _date),
        Column(gettext_noop("Last day"), "end_date", _date),
        Column(gettext_noop("Status"), "status", _choice(choices.PeriodStatus)),
        Column(gettext_noop("Progress"), "narrative"),
        Column(ID, "id", _int),
    ),
    ReportingPeriod,
)
COSTS = Kind(
    "costs",
    gettext_noop("Costs"),
    (
        Column(gettext_noop("Period"), "period"),
        Column(gettext_noop("Category"), "category", _choice(choices.CostCategory)),
        Column(gettext_noop("Description"), "description"),
        Column(gettext_noop("Borne by"), "bearer"),
        Column(gettext_noop("Budgeted"), "is_budget", _bool),
        Column(gettext_noop("In kind"), "is_in_kind", _bool),
        Column(gettext_noop("Hours"), "hours", _decimal),
        Column(gettext_noop("Hourly rate"), "hourly_rate", _decimal),
        Column(gettext_noop("Amount"), "amount", _decimal),
        Column(gettext_noop("Source"), "source"),
        Column(ID, "id", _int),
    ),
    CostLine,
)
FINANCING = Kind(
    "financing",
    gettext_noop("Financing"),
    (
        Column(gettext_noop("Funder"), "funder"),
        Column(gettext_noop("Kind"), "kind", _choice(choices.FinancingKind)),
        Column(gettext_noop("Committed"), "committed", _decimal),
        Column(gettext_noop("Received"), "received", _decimal),
        Column(ID, "id", _int),
    ),
    Financing,
)
OUTPUTS = Kind(
    "outputs",
    gettext_noop("Direct results"),
    (
        Column(gettext_noop("Result"), "name"),
        Column(gettext_noop("Unit"), "unit"),
        Column(gettext_noop("Baseline"), "baseline", _decimal),
        Column(gettext_noop("Target (total)"), "target", _decimal),
        Column(gettext_noop("Direction"), "direction", _choice(choices.Direction)),
        Column(ID, "id", _int),
    ),
    OutputIndicator,
)
VALUES = Kind(
    "values",
    gettext_noop("Results"),
    (
        Column(gettext_noop("Result"), "indicator"),
        Column(gettext_noop("Period"), "period"),
        Column(gettext_noop("Target"), "target", _decimal),
        Column(gettext_noop("Realised"), "realised", _decimal),
        Column(gettext_noop("Source"), "source"),
        Column(ID, "id", _int),
    ),
    OutputValue,
    skip=("period", gettext_noop("Total")),
)
OUTCOMES = Kind(
    "outcomes",
    gettext_noop("Social value"),
    (
        Column(gettext_noop("Outcome"), "outcome"),
        Column(gettext_noop("For whom"), "beneficiary"),
        Column(gettext_noop("Quantity"), "quantity", _decimal),
        Column(gettext_noop("Value per unit"), "proxy", _decimal),
        Column(gettext_noop("Source of the value"), "proxy_source"),
        Column(gettext_noop("Deadweight"), "deadweight", _decimal),
        Column(gettext_noop("Displacement"), "displacement", _decimal),
        Column(gettext_noop("Attribution"), "attribution", _decimal),
        Column(gettext_noop("Drop-off"), "drop_off", _decimal),
        Column(gettext_noop("Years"), "duration_years", _int),
        Column(gettext_noop("Starts after (years)"), "start_offset", _int),
        Column(gettext_noop("Indicator"), "indicator"),
        Column(gettext_noop("Value from the library"), "library_proxy"),
        Column(gettext_noop("Justification"), "justification"),
        Column(ID, "id", _int),
    ),
    ValuedOutcome,
)
EFFECTS = Kind(
    "effects",
    gettext_noop("Effects"),
    (
        Column(gettext_noop("Effect code"), "effect"),
        Column(gettext_noop("Indicator"), "name"),
        Column(gettext_noop("Standard indicator name"), "standard"),
        Column(gettext_noop("Kind of number"), "scale", _choice(choices.Scale)),
        Column(gettext_noop("Unit"), "unit"),
        Column(gettext_noop("Direction"), "direction", _choice(choices.Direction)),
        Column(gettext_noop("Method"), "method", _choice(choices.EffectMethod)),
        Column(gettext_noop("Baseline"), "baseline_value", _decimal),
        Column(gettext_noop("Baseline date"), "baseline_date", _date),
        Column(gettext_noop("Target"), "target_value", _decimal),
        Column(gettext_noop("Target date"), "target_date", _date),
        Column(gettext_noop("Next measurement planned"), "next_measurement_date", _date),
        Column(gettext_noop("Comparison area"), "comparison_area"),
        Column(gettext_noop("Comparison area at the baseline"), "comparison_baseline", _decimal),
        Column(gettext_noop("Note"), "note"),
        Column(ID, "id", _int),
    ),
    EffectIndicator,
)
MEASUREMENTS = Kind(
    "measurements",
    gettext_noop("Measurements"),
    (
        Column(gettext_noop("Effect code"), "effect"),
        Column(gettext_noop("Indicator"), "indicator"),
        Column(gettext_noop("Date"), "date", _date),
        Column(gettext_noop("Value"), "value", _decimal),
        Column(gettext_noop("Respondents"), "respondents", _int),
        Column(gettext_noop("Source"), "source"),
        Column(gettext_noop("Note"), "note"),
        Column(gettext_noop("Value in the comparison area"), "comparison_value", _decimal),
        Column(ID, "id", _int),
    ),
    EffectMeasurement,
)
KINDS = (SETTINGS, PERIODS, COSTS, FINANCING, VALUES, OUTPUTS, OUTCOMES, EFFECTS, MEASUREMENTS)


# What the preview shows.


@dataclasses.dataclass
class Problem:
    message: str
    ref: str = ""  # the cell ("B7"), else empty
    row: int | None = None  # the spreadsheet row, else a problem of the sheet or the file

    def __post_init__(self):
        self.message = str(self.message)  # in the language of the import, also when lazy


@dataclasses.dataclass
class Change:
    row: int | None
    label: str
    details: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class SheetCheck:
    kind: Kind
    name: str  # as the file calls it
    added: list[Change] = dataclasses.field(default_factory=list)
    changed: list[Change] = dataclasses.field(default_factory=list)
    removed: list[Change] = dataclasses.field(default_factory=list)
    kept: list[Change] = dataclasses.field(default_factory=list)
    problems: list[Problem] = dataclasses.field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.removed)


@dataclasses.dataclass(frozen=True)
class KeyFigures:
    total_cost: Decimal
    is_forecast: bool
    pv_benefits: Decimal
    sroi_ratio: Decimal | None


@dataclasses.dataclass
class ImportCheck:
    """What importing the file does, or why it cannot."""

    problems: list[Problem] = dataclasses.field(default_factory=list)  # of the whole file
    sheets: list[SheetCheck] = dataclasses.field(default_factory=list)
    is_copy: bool = False
    before: KeyFigures | None = None
    after: KeyFigures | None = None

    @property
    def is_valid(self) -> bool:
        return not self.problems and not any(sheet.problems for sheet in self.sheets)

    @property
    def has_changes(self) -> bool:
        return any(sheet.has_changes for sheet in self.sheets)

    @property
    def problem_count(self) -> int:
        return len(self.problems) + sum(len(sheet.problems) for sheet in self.sheets)

    def sheet(self, kind: Kind) -> SheetCheck:
        return next(sheet for sheet in self.sheets if sheet.kind is kind)

    # A task hands the check to the page as JSON.

    def as_data(self) -> dict:
        data = dataclasses.asdict(self)
        for sheet, original in zip(data["sheets"], self.sheets, strict=True):
            sheet["kind"] = original.kind.key
        for name in ("before", "after"):
            if data[name] is not None:
                data[name] = {key: _text_of(value) for key, value in data[name].items()}
        return data

    @classmethod
    def from_data(cls, data: dict) -> "ImportCheck":
        kinds = {kind.key: kind for kind in KINDS}

        def sheet(item: dict) -> SheetCheck:
            lists = {
                name: [Change(**change) for change in item[name]]
                for name in ("added", "changed", "removed", "kept")
            }
            problems = [Problem(**problem) for problem in item["problems"]]
            return SheetCheck(kinds[item["kind"]], item["name"], problems=problems, **lists)

        def figures(item: dict | None) -> KeyFigures | None:
            if item is None:
                return None
            return KeyFigures(
                total_cost=Decimal(item["total_cost"]),
                is_forecast=item["is_forecast"] == "True",
                pv_benefits=Decimal(item["pv_benefits"]),
                sroi_ratio=None if item["sroi_ratio"] is None else Decimal(item["sroi_ratio"]),
            )

        return cls(
            problems=[Problem(**problem) for problem in data["problems"]],
            sheets=[sheet(item) for item in data["sheets"]],
            is_copy=data["is_copy"],
            before=figures(data["before"]),
            after=figures(data["after"]),
        )


def _text_of(value) -> str | None:
    return None if value is None else str(value)


class UploadGoneError(Exception):
    """The file of a preview is no longer kept (or the token is not the user's)."""


class ImportRefusedError(Exception):
    """Raised inside the import's transaction when the file cannot be imported as it is."""

    def __init__(self, check: ImportCheck):
        super().__init__("import refused")
        self.check = check


# Reading the sheets.


@dataclasses.dataclass
class FileRow:
    number: int
    values: dict
    refs: dict[str, str]  # column name → cell
    id: int | None = None


def _find(names: dict[str, object], heading: str):
    """The sheet or column of the file named `heading` in the user's language or in English."""
    for name in (_(heading), heading):
        found = names.get(name.strip().casefold())
        if found is not None:
            return found
    return None


def _read_kind(table, kind: Kind, check: ImportCheck) -> list[FileRow] | None:
    sheets = {name.strip().casefold(): sheet for name, sheet in table.sheets.items()}
    sheet = _find(sheets, kind.sheet)
    report = SheetCheck(kind, sheet.name if sheet else _(kind.sheet))
    check.sheets.append(report)
    if sheet is None:
        report.problems.append(
            Problem(
                _(
                    "The sheet “%(sheet)s” is missing. Export the monitoring again and keep "
                    "every sheet with its name; leave a sheet without rows empty under its "
                    "headings."
                )
                % {"sheet": _(kind.sheet)}
            )
        )
        return None
    headers = {header.strip().casefold(): header for header in sheet.header if header}
    found = {column.name: _find(headers, column.heading) for column in kind.columns}
    missing = [_(column.heading) for column in kind.columns if found[column.name] is None]
    if missing:
        report.problems.append(
            Problem(
                _(
                    "The sheet “%(sheet)s” misses the column(s) %(columns)s. Put them back "
                    "as the export has them."
                )
                % {"sheet": sheet.name, "columns": ", ".join(f"“{name}”" for name in missing)}
            )
        )
        return None
    return _rows(sheet, kind, found, report)


def _rows(sheet, kind: Kind, found: dict[str, str], report: SheetCheck) -> list[FileRow]:
    """The rows of the sheet's first table: up to the first empty row."""
    rows = []
    previous = 1
    for row in sheet.rows:
        cells = [row.get(header) for header in found.values()]
        if row.number != previous + 1 or all(cell is None or cell.is_empty for cell in cells):
            break
        previous = row.number
        if kind.skip and _is_skipped(row, kind, found):
            continue
        rows.append(_file_row(row, kind, found, report))
    return rows


def _is_skipped(row, kind: Kind, found: dict[str, str]) -> bool:
    name, value = kind.skip
    cell = row.get(found[name])
    ids = row.get(found["id"])
    text = _text(cell).casefold() if cell else ""
    return text in {_(value).casefold(), value.casefold()} and (ids is None or ids.is_empty)


def _parsed(column: Column, cell, kind: Kind):
    """The cell's value; a number knows its field's decimals and highest value."""
    if column.parse is _decimal and kind.model is not None:
        return _decimal(cell, kind.model._meta.get_field(column.name))
    return column.parse(cell)


def _file_row(row, kind: Kind, found: dict[str, str], report: SheetCheck) -> FileRow:
    values, refs = {}, {}
    for column in kind.columns:
        cell = row.get(found[column.name])
        refs[column.name] = cell.ref if cell else ""
        if cell is None or cell.is_empty:
            values[column.name] = column.parse(EMPTY)
            continue
        if cell.is_formula and not isinstance(cell.raw, int | float | Decimal):
            report.problems.append(Problem(_(FORMULA), cell.ref, row.number))
            values[column.name] = None
            continue
        try:
            values[column.name] = _parsed(column, cell, kind)
        except sheet_input.CellError as error:
            report.problems.append(Problem(str(error), cell.ref, row.number))
            values[column.name] = None
    return FileRow(row.number, values, refs, id=values.pop("id", None))


EMPTY = sheet_input.Cell(ref="", raw=None)


# Writing the file's rows through the forms, kind by kind.


@dataclasses.dataclass
class _Run:
    """One import: the plan, who imports, what the file holds and what came of it."""

    plan: MonitoringPlan
    intervention: Intervention
    user: User
    rows: dict[str, list[FileRow]]
    check: ImportCheck
    # Of each kind whose rows another sheet names: its key of a name → pk, after its step.
    periods: dict = dataclasses.field(default_factory=dict)
    outputs: dict = dataclasses.field(default_factory=dict)
    effects: dict = dataclasses.field(default_factory=dict)
    effect_formset: object = None
    # The ids of the plan's rows of each kind before the import.
    stored: dict = dataclasses.field(default_factory=dict)

    def report(self, kind: Kind) -> SheetCheck:
        return self.check.sheet(kind)

    def has_failed(self, kind: Kind) -> bool:
        return bool(self.report(kind).problems)


def _key(text) -> str:
    return " ".join(str(text or "").split()).casefold()


def apply_file(
    table, *, plan: MonitoringPlan, intervention: Intervention, user: User, progress=None
) -> ImportCheck:
    """Write what the file holds to `plan` (saved) and say what changed and what is wrong;
    the caller holds the transaction and rolls it back unless the check is valid."""
    check = ImportCheck()
    rows = {kind.key: _read_kind(table, kind, check) for kind in KINDS}
    if any(value is None for value in rows.values()):
        return check
    check.before = key_figures(plan)
    run = _Run(plan, intervention, user, rows, check)
    if not _check_identity(run):
        return check
    run.stored = {
        kind.key: set(_existing(plan, kind).values_list("pk", flat=True)) for kind in KINDS[1:]
    }
    _check_ids(run)
    if not check.is_valid:
        return check
    _settings(run)
    _remove_missing(run, (COSTS, FINANCING, VALUES, OUTCOMES, MEASUREMENTS))
    steps = (_periods, _costs, _financing, _outputs, _values, _outcomes, _effects, _measurements)
    for number, step in enumerate(steps, start=1):
        step(run)
        if progress is not None:
            progress(10 + 80 * number // len(steps))
    _remove_missing(run, (EFFECTS, OUTPUTS, PERIODS))
    if check.is_valid:
        check.after = key_figures(plan)
    return check


def key_figures(plan: MonitoringPlan) -> KeyFigures | None:
    """The figures the preview compares; None for a plan without rows."""
    if not _has_rows(plan):
        return None
    figures = MonitoringPlan.objects.with_details().get(pk=plan.pk).figures()
    return KeyFigures(
        total_cost=figures.costs.total,
        is_forecast=figures.is_forecast,
        pv_benefits=figures.sroi.pv_benefits,
        sroi_ratio=figures.sroi.ratio,
    )


def _check_identity(run: _Run) -> bool:
    """Whether the file is this description's monitoring, or a copy that may come in."""
    settings = run.rows["settings"]
    report = run.report(SETTINGS)
    if len(settings) != 1:
        message = _("The sheet “%(sheet)s” holds one row under its headings.")
        report.problems.append(Problem(message % {"sheet": report.name}))
        return False
    row = settings[0]
    if row.values.get("description") == run.intervention.pk:
        return True
    if _has_rows(run.plan):
        message = _(
            "This file holds the monitoring of another description. Import it into a "
            "description without monitoring, or export the monitoring of this description "
            "and enter the figures in that file."
        )
        report.problems.append(Problem(message, row.refs.get("description", ""), row.number))
        return False
    # A copy: its ids are another plan's, so every row is new here.
    run.check.is_copy = True
    for kind_rows in run.rows.values():
        for file_row in kind_rows:
            file_row.id = None
    return True


def _has_rows(plan: MonitoringPlan) -> bool:
    if plan.pk is None:
        return False
    managers = (
        plan.periods,
        plan.cost_lines,
        plan.financing,
        plan.outputs,
        plan.outcomes,
        plan.effect_indicators,
    )
    return any(manager.exists() for manager in managers)


def _existing(plan: MonitoringPlan, kind: Kind) -> models.QuerySet:
    if kind.model in (OutputValue, EffectMeasurement):
        return kind.model.objects.filter(indicator__plan=plan)
    return kind.model.objects.filter(plan=plan)


def _check_ids(run: _Run) -> None:
    """Every id is one of this plan's rows of the sheet's kind, and on one row only."""
    for kind in KINDS[1:]:
        ids = run.stored[kind.key]
        seen = set()
        for row in run.rows[kind.key]:
            if row.id is None:
                continue
            if row.id not in ids:
                problem = Problem(_(UNKNOWN_ID), row.refs["id"], row.number)
                run.report(kind).problems.append(problem)
            elif row.id in seen:
                problem = Problem(_(DOUBLE_ID), row.refs["id"], row.number)
                run.report(kind).problems.append(problem)
            seen.add(row.id)


# How a removed row is named in the preview, read with what its name needs.
REMOVED = {
    "costs": ("period",),
    "financing": ("funder_organisation", "plan__organisation"),
    "values": ("indicator", "period"),
    "measurements": ("indicator",),
}


def _remove_missing(run: _Run, kinds: tuple[Kind, ...]) -> None:
    """Remove the plan's rows of `kinds` that the file no longer holds. Once a problem was
    found the preview lists them without removing: nothing will be written anyway."""
    for kind in kinds:
        kept = {row.id for row in run.rows[kind.key] if row.id is not None}
        rows = _existing(run.plan, kind).filter(pk__in=run.stored[kind.key] - kept)
        if kind is FINANCING:
            # A budget award's line follows the round's decision, not the file.
            rows = rows.filter(application__isnull=True)
        if kind.key in REMOVED:
            rows = rows.select_related(*REMOVED[kind.key])
        removed = list(rows.order_by("pk"))
        run.report(kind).removed += [Change(None, _label(row)) for row in removed]
        if not removed or not run.check.is_valid:
            continue
        try:
            with transaction.atomic():
                kind.model.objects.filter(pk__in=[row.pk for row in removed]).delete()
        except ProtectedError:
            run.report(kind).problems.append(Problem(_(forms.PERIOD_IN_USE)))


def _label(row: models.Model) -> str:
    if isinstance(row, CostLine):
        return f"{row.period.label} · {row}"
    return str(row)


# Each step builds the page's formset from the file's rows (the plan's rows that the file
# keeps, then the new ones), validates it, and saves it when the sheet has no problem.


def _formset_data(rows: list[FileRow], data_of: Callable[[FileRow], dict]) -> dict:
    data = {
        "rows-TOTAL_FORMS": len(rows),
        "rows-INITIAL_FORMS": sum(1 for row in rows if row.id is not None),
        "rows-MIN_NUM_FORMS": 0,
        "rows-MAX_NUM_FORMS": MAX_ROWS,
    }
    for index, row in enumerate(_ordered(rows)):
        data[f"rows-{index}-id"] = row.id or ""
        for name, value in data_of(row.number).items():
            data[f"rows-{index}-{name}"] = "" if value is None else value
    return data


def _ordered(rows: list[FileRow]) -> list[FileRow]:
    """The rows in the order the formset has them: the kept rows first."""
    return [row for row in rows if row.id is not None] + [row for row in rows if row.id is None]


def _import_formset(formset_class, data: dict, **kwargs):
    """The page's formset, for as many rows as a file may hold."""
    limits = {"max_num": MAX_ROWS, "absolute_max": MAX_ROWS}
    formset_class = type(formset_class.__name__, (formset_class,), limits)
    return formset_class(data, prefix="rows", **kwargs)


# Kinds whose forms check each row on its own, never against the other rows: a row that the
# file leaves as it is needs no check and no save (a plan of ten years in quarters has hundreds
# of cost lines and results, and a check reads the database several times per row).
ROW_BY_ROW = {"costs", "financing", "values", "outcomes"}


def _step(run: _Run, kind: Kind, formset_class, rows, fields, field_of=None, **kwargs):
    """Build the page's formset of `rows` (their form data from `fields`), run it, return it."""
    values = {row.number: fields(row) for row in rows}
    data_of = values.__getitem__
    if kind.key in ROW_BY_ROW:
        probe = _import_formset(formset_class, _formset_data(rows, data_of), **kwargs)
        pairs = zip(probe.forms, _ordered(rows), strict=True)
        rows = [row for form, row in pairs if row.id is None or form.has_changed()]
    formset = _import_formset(formset_class, _formset_data(rows, data_of), **kwargs)
    _run_formset(run, kind, formset, rows, field_of)
    return formset


def _run_formset(run: _Run, kind: Kind, formset, rows: list[FileRow], field_of=None) -> None:
    """Validate `formset`, whose forms are `rows`, and save it when the sheet has no problem;
    a cell that already has a problem (unreadable, an unknown name) gets no second one."""
    report = run.report(kind)
    rows = _ordered(rows)
    field_of = field_of or {}
    flagged = {problem.ref for problem in report.problems if problem.ref}
    formset.is_valid()
    for form, row in zip(formset.forms, rows, strict=True):
        for field, messages in form.errors.items():
            ref = "" if field == NON_FIELD_ERRORS else row.refs.get(field_of.get(field, field), "")
            if ref and ref in flagged:
                continue
            report.problems += [Problem(message, ref, row.number) for message in messages]
    report.problems += [Problem(message) for message in formset.non_form_errors()]
    if report.problems:
        return
    changes = []
    for form, row in zip(formset.forms, rows, strict=True):
        if row.id is None:
            changes.append((report.added, Change(row.number, ""), form))
        elif form.has_changed():
            changes.append(
                (report.changed, Change(row.number, "", _details(form, kind, field_of)), form)
            )
    if run.check.is_valid:
        formset.save()
    for group, change, form in sorted(changes, key=lambda item: item[1].row):
        change.label = _label(form.instance)
        group.append(change)


def _details(form, kind: Kind, field_of: dict) -> list[str]:
    """What changed in a row: "Amount: 1.000,00 → 1.234,50"."""
    details = []
    for field in form.changed_data:
        heading = kind.heading_of(field_of.get(field, field))
        if heading is None:
            continue
        old = _shown(form.initial.get(field), form.fields[field])
        new = _shown(form.cleaned_data.get(field), form.fields[field])
        if old != new:
            details.append(f"{_(heading)}: {old or '–'} → {new or '–'}")
    return details


def _shown(value, field) -> str:
    if value is None or value == "":
        return ""
    if isinstance(field, django_forms.ModelChoiceField):
        if not isinstance(value, models.Model):
            value = field.queryset.filter(pk=value).first()
        return str(value or "")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    if isinstance(value, datetime.date):
        return formats.date_format(value)
    if isinstance(field, django_forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    return str(value)


def _settings(run: _Run) -> None:
    row = run.rows["settings"][0]
    names = ("start_date", "discount_rate", "price_year", "is_shared", "evidence_notes")
    data = {name: "" if row.values[name] is None else row.values[name] for name in names}
    form = forms.PlanForm(data, instance=run.plan)
    report = run.report(SETTINGS)
    if not form.is_valid():
        for field, messages in form.errors.items():
            ref = row.refs.get(field, "")
            report.problems += [Problem(message, ref, row.number) for message in messages]
        return
    if form.has_changed():
        report.changed.append(Change(row.number, _("Settings"), _details(form, SETTINGS, {})))
    form.save()


def _periods(run: _Run) -> None:
    rows = run.rows["periods"]
    names = ("label", "start_date", "end_date", "status", "narrative")
    _step(
        run,
        PERIODS,
        forms.PeriodRows,
        rows,
        lambda row: {name: row.values[name] for name in names},
        instance=run.plan,
        form_kwargs={"user": run.user},
    )
    run.periods = {_key(label): pk for pk, label in run.plan.periods.values_list("pk", "label")}


def _reference(run: _Run, kind: Kind, row: FileRow, name: str, known: dict, key, source: Kind):
    """The pk of the row of `source` that the cell `name` of `row` names (by `key`); a
    problem at the cell when there is none."""
    if not key or (isinstance(key, tuple) and not all(key)):
        return None
    if key in known:
        return known[key]
    if run.has_failed(source):
        message = _("“%(name)s” could not be read: see the problems in the sheet “%(sheet)s”.")
    else:
        message = _(
            "There is no row “%(name)s” in the sheet “%(sheet)s”. Use a name from that sheet, "
            "or add the row there."
        )
    text = message % {"name": row.values[name], "sheet": run.report(source).name}
    run.report(kind).problems.append(Problem(text, row.refs.get(name, ""), row.number))
    return None


def _partners() -> dict[str, int]:
    active = Organisation.objects.filter(is_active=True)
    return {_key(name): pk for pk, name in active.values_list("pk", "name")}


def _party(text: str, current, field: str, run: _Run, partners: dict) -> tuple:
    """The partner or other party, named in the file, that bears a cost or funds the plan.

    As stored when the name is the stored row's; else a partner by its name, nobody named for
    the plan's own organisation (in a copy also for the organisation whose plan the file
    holds: what it bore itself is borne by the organisation that brings its figures over),
    or the name of another party."""
    if current is not None and text == getattr(current, field):
        return getattr(current, f"{field}_organisation_id"), getattr(current, f"{field}_name")
    own = {_key(run.plan.organisation.name)}
    if run.check.is_copy:
        own.add(_key(run.rows["settings"][0].values["organisation"]))
    if text == "" or _key(text) in own:
        return None, ""
    return (partners[_key(text)], "") if _key(text) in partners else (None, text)


def _costs(run: _Run) -> None:
    rows = run.rows["costs"]
    stored = _existing(run.plan, COSTS).select_related("bearer_organisation", "plan__organisation")
    current = {line.pk: line for line in stored}
    partners = _partners()

    def fields(row: FileRow) -> dict:
        values = dict(row.values)
        period = _key(values.pop("period"))
        period = _reference(run, COSTS, row, "period", run.periods, period, PERIODS)
        bearer = _party(values.pop("bearer"), current.get(row.id), "bearer", run, partners)
        if _is_computed_amount(values, current.get(row.id)):
            values["amount"] = None
        organisation, name = bearer
        return {
            **values,
            "period": period,
            "bearer_organisation": organisation,
            "bearer_name": name,
        }

    field_of = {"bearer_organisation": "bearer", "bearer_name": "bearer"}
    _step(run, COSTS, forms.CostRows, rows, fields, field_of, instance=run.plan)


def _is_computed_amount(values: dict, stored: CostLine | None) -> bool:
    """Whether the amount of a line with hours is what the export wrote for it: hours × rate,
    as the file has them or as they were before someone changed the hours or the rate."""
    hours, rate, amount = values["hours"], values["hourly_rate"], values["amount"]
    if amount is None or (hours is None and rate is None):
        return False
    product = (hours or Decimal(0)) * (rate or Decimal(0))
    was = stored is not None and stored.amount is None and amount == _cents(stored.total)
    return amount == _cents(product) or was


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"), ROUND_HALF_UP)


def _financing(run: _Run) -> None:
    stored = _existing(run.plan, FINANCING).select_related(
        "funder_organisation", "plan__organisation"
    )
    current = {line.pk: line for line in stored}
    rows = []
    for row in run.rows["financing"]:
        line = current.get(row.id)
        if line is not None and line.application_id:
            _check_award(run, row, line)
        else:
            rows.append(row)
    partners = _partners()

    def fields(row: FileRow) -> dict:
        values = dict(row.values)
        funder = _party(values.pop("funder"), current.get(row.id), "funder", run, partners)
        return {**values, "funder_organisation": funder[0], "funder_name": funder[1]}

    field_of = {"funder_organisation": "funder", "funder_name": "funder"}
    _step(run, FINANCING, forms.FinancingRows, rows, fields, field_of, instance=run.plan)


def _check_award(run: _Run, row: FileRow, line: Financing) -> None:
    """A line of a budget award follows the round's decision: the file may not change it."""
    values = row.values
    stored = (line.funder, line.kind, line.committed, line.received)
    if (values["funder"], values["kind"], values["committed"], values["received"]) == stored:
        run.report(FINANCING).kept.append(Change(row.number, str(line)))
        return
    message = _(
        "This line records the award of a liveability budget round and follows the round's "
        "decision; it cannot be changed here. Put back what the export says."
    )
    run.report(FINANCING).problems.append(Problem(message, row.refs["id"], row.number))


def _outputs(run: _Run) -> None:
    rows = run.rows["outputs"]
    _step(run, OUTPUTS, forms.OutputRows, rows, lambda row: dict(row.values), instance=run.plan)
    run.outputs = {_key(name): pk for pk, name in run.plan.outputs.values_list("pk", "name")}


def _values(run: _Run) -> None:
    rows = run.rows["values"]

    def fields(row: FileRow) -> dict:
        values = dict(row.values)
        indicator = _key(values.pop("indicator"))
        indicator = _reference(run, VALUES, row, "indicator", run.outputs, indicator, OUTPUTS)
        period = _key(values.pop("period"))
        period = _reference(run, VALUES, row, "period", run.periods, period, PERIODS)
        return {**values, "indicator": indicator, "period": period}

    _step(run, VALUES, forms.OutputValueRows, rows, fields, plan=run.plan)


def _outcomes(run: _Run) -> None:
    rows = run.rows["outcomes"]
    library = dict(FinancialProxy.objects.values_list("pk", "name"))
    proxies = {_key(name): pk for pk, name in library.items()}

    def fields(row: FileRow) -> dict:
        values = dict(row.values)
        name = values.pop("library_proxy")
        proxy = proxies.get(_key(name)) if name else None
        if name and proxy is None:
            problem = Problem(_unknown(name, library), row.refs["library_proxy"], row.number)
            run.report(OUTCOMES).problems.append(problem)
        return {**values, "library_proxy": proxy}

    _step(run, OUTCOMES, forms.OutcomeRows, rows, fields, instance=run.plan)


def _effects(run: _Run) -> None:
    rows = run.rows["effects"]
    intended = Effect.objects.filter(pk__in=run.intervention.intended_effects.values("effect"))
    effects = {_key(code): pk for pk, code in intended.values_list("pk", "code")}
    standards = {
        (_key(item.effect.code), _key(item.name)): item.pk
        for item in StandardIndicator.objects.offered_for(run.intervention)
    }
    report = run.report(EFFECTS)

    def fields(row: FileRow) -> dict:
        values = dict(row.values)
        code, name = values.pop("effect"), values.pop("standard")
        effect = effects.get(_key(code)) if code else None
        if code and effect is None:
            report.problems.append(Problem(_(forms.NOT_INTENDED), row.refs["effect"], row.number))
        standard = standards.get((_key(code), _key(name))) if name else None
        if name and standard is None:
            message = _(
                "“%(name)s” is not a standard indicator of the effect %(code)s. Empty the cell "
                "for an indicator of your own, or copy the name from the list of standard "
                "indicators."
            )
            text = message % {"name": name, "code": code}
            report.problems.append(Problem(text, row.refs["standard"], row.number))
        return {**values, "effect": effect, "standard": standard}

    run.effect_formset = _step(
        run, EFFECTS, forms.EffectIndicatorRows, rows, fields, instance=run.plan
    )
    indicators = run.plan.effect_indicators.values_list("pk", "effect__code", "name")
    run.effects = {(_key(code), _key(name)): pk for pk, code, name in indicators}


def _measurements(run: _Run) -> None:
    rows = run.rows["measurements"]

    def fields(row: FileRow) -> dict:
        values = dict(row.values)
        key = (_key(values.pop("effect")), _key(values["indicator"]))
        indicator = _reference(run, MEASUREMENTS, row, "indicator", run.effects, key, EFFECTS)
        return {**values, "indicator": indicator}

    indicators = run.effect_formset
    _step(
        run,
        MEASUREMENTS,
        forms.EffectMeasurementRows,
        rows,
        fields,
        plan=run.plan,
        indicators=indicators,
    )


# The preview.


def check_file(table, *, intervention: Intervention, user: User, progress=None) -> ImportCheck:
    """What importing `table` into the monitoring of `intervention` would do, without
    writing anything: the import runs, and is rolled back."""
    with transaction.atomic():
        plan = MonitoringPlan.objects.filter(intervention=intervention).first()
        if plan is None:
            plan = MonitoringPlan.objects.create(
                intervention=intervention, organisation_id=intervention.organisation_id
            )
        check = apply_file(
            table, plan=plan, intervention=intervention, user=user, progress=progress
        )
        transaction.set_rollback(True)
    return check


def import_stamp(plan: MonitoringPlan | None) -> str:
    """The state of the monitoring that a preview shows: the import goes ahead only when the
    plan was not saved since (every save of the monitoring sets `updated_at`)."""
    return plan.updated_at.isoformat() if plan is not None else ""


def changed_since_preview() -> ImportCheck:
    message = _(
        "The monitoring was changed since this preview, so nothing was imported. Check the "
        "new preview, and import again."
    )
    return ImportCheck(problems=[Problem(message)])


# The file between the preview and the import: kept privately, named by a signed token that
# holds who uploaded it for which description, and the state of the monitoring then.

DIRECTORY = "private/imports/monitoring"
KEEP_FOR = datetime.timedelta(hours=12)
SALT = "monitoring.import"


def keep_upload(
    content: bytes, *, filename: str, intervention: Intervention, user: User, stamp: str
) -> str:
    """Keep the uploaded file until it is imported; returns the token of the confirmation."""
    _remove_old_uploads()
    name = default_storage.save(f"{DIRECTORY}/{uuid.uuid4().hex}.xlsx", ContentFile(content))
    value = {
        "file": name,
        "filename": filename,
        "intervention": intervention.pk,
        "user": user.pk,
        "stamp": stamp,
    }
    return signing.dumps(value, salt=SALT)


@dataclasses.dataclass(frozen=True)
class KeptUpload:
    content: bytes
    filename: str
    stamp: str


def kept_upload(token: str, *, intervention: Intervention, user: User) -> KeptUpload | None:
    """The file that `user` uploaded for `intervention`, while it is kept; else None."""
    try:
        value = signing.loads(token, salt=SALT, max_age=KEEP_FOR)
    except signing.BadSignature:
        return None
    if value.get("intervention") != intervention.pk or value.get("user") != user.pk:
        return None
    if not default_storage.exists(value["file"]):
        return None
    with default_storage.open(value["file"], "rb") as file:
        content = file.read()
    return KeptUpload(content, value["filename"], value["stamp"])


def _remove_old_uploads() -> None:
    if not default_storage.exists(DIRECTORY):
        return
    cutoff = timezone.now() - KEEP_FOR
    for name in default_storage.listdir(DIRECTORY)[1]:
        path = f"{DIRECTORY}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)


def forget_upload(token: str) -> None:
    """Remove the kept file once it is imported."""
    try:
        value = signing.loads(token, salt=SALT, max_age=KEEP_FOR)
    except signing.BadSignature:
        return
    default_storage.delete(value["file"])
