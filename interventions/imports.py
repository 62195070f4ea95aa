"""Descriptions coming in from a spreadsheet, and going out in the same shape.

The template is an xlsx workbook: the sheet "Beschrijvingen" with one description per row, its
columns in the order of the format's seven steps (lists in one cell, separated by ";"), a sheet
per repeating part (theory of change, active ingredients, intended effects, activities, partners)
whose rows name their description by its "Extern kenmerk" or its row number, and a sheet
"Lijsten" with the vocabularies and the values of the choice fields. A CSV holds the main
sheet's columns only. The headers and sheet names are Dutch in any interface language: they are
a file format, which a file made by one person must keep for the next.

An upload is checked first (`check_table`): each row goes through the description form and the
formsets of the browser (interventions/forms.py), so a cell gets the form's own message. Rows
with an "Extern kenmerk" that the organisation already has update that description; the others
create a draft. `import_checked` then writes the valid rows at once, in one transaction, each as
a version "Geïmporteerd uit <bestand>".
"""

import csv
import io
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django import forms
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from reversion.models import Revision, Version
from reversion.revisions import _get_content_type, _get_options

from interventions import choices, services
from interventions.forms import FORMSETS, InterventionForm
from interventions.models import (
    DescriptionImport,
    Effect,
    Intervention,
    InterventionType,
    TargetGroup,
    Theme,
)
from interventions.sections import SECTIONS
from wwidw import spreadsheets
from wwidw.models import Organisation
from wwidw.sheet_input import (
    CellError,
    Row,
    Sheet,
    SheetError,
    Table,
    parse_bool,
    parse_date,
    parse_int,
    parse_list,
    parse_number_for,
    read_upload,
    suggest,
)

logger = logging.getLogger(__name__)

MAIN_SHEET = "Beschrijvingen"
VOCABULARY_SHEET = "Lijsten"
REFERENCE = "Extern kenmerk"
KEY = "Beschrijving"
# Larger files are checked and imported by a task (interventions/tasks.py).
TASK_ROWS = 200
MAX_ROWS = 10_000
BATCH_SIZE = 500

# The main sheet: Dutch header → field of the description form, in the order of the format.
MAIN_COLUMNS = {
    REFERENCE: "external_reference",
    "Titel": "title",
    "Samenvatting": "summary",
    "Contactpersoon": "contact_name",
    "E-mailadres contactpersoon": "contact_email",
    "Fase": "phase",
    "Startdatum": "start_date",
    "Einddatum": "end_date",
    "Duur": "duration_kind",
    "Schaalniveau": "scale",
    "Gemeente(n)": "municipality",
    "Wijk(en) of buurt(en)": "neighbourhood",
    "CBS-codes": "cbs_codes",
    "Locatie": "location",
    "Interventietypen": "intervention_types",
    "Thema's": "themes",
    "Trefwoorden": "keywords",
    "Zichtbaarheid": "visibility",
    "Aanleiding": "occasion",
    "Probleemanalyse": "problem_analysis",
    "Oorzaken": "causes",
    "Nulsituatie": "baseline",
    "Bronnen": "sources",
    "Nulalternatief": "null_alternative",
    "Einddoelgroepen": "target_groups",
    "Toelichting doelgroep": "target_group_note",
    "Intermediaire doelgroep": "intermediate_target_group",
    "Omvang doelgroep": "target_group_size",
    "Eenheid doelgroep": "target_group_unit",
    "Hoofddoel": "main_goal",
    "Aanpak": "approach",
    "Methodiek of handboek": "method_link",
    "Participatieniveau": "participation_level",
    "Randvoorwaarden": "preconditions",
    "Risico's en valkuilen": "risks",
    "Totale begroting (€)": "total_budget",
    "Eigen middelen (€)": "own_contribution",
    "Inzet (fte)": "fte",
    "Bron van financiering": "funding_source",
    "Resultaten": "results",
    "Evaluatievorm": "evaluation_form",
    "Uitgevoerd door": "evaluated_by",
    "Link naar rapport": "report_url",
    "Bewijskracht": "evidence_level",
    "Lessen": "lessons",
    "Do's": "dos",
    "Don'ts": "donts",
    "Zou je het opnieuw doen?": "would_repeat",
}
FIELD_COLUMNS = {name: header for header, name in MAIN_COLUMNS.items()}
# The form's fields that a spreadsheet cannot hold: the report file is uploaded in the form,
# and the contact person is chosen among the members there (an import leaves it as it is).
NOT_IN_SHEET = {"report_file", "contact"}
REFERENCE_MAX_LENGTH = Intervention._meta.get_field("external_reference").max_length


@dataclass(frozen=True)
class ChildSheet:
    name: str
    formset: str  # the key of interventions.forms.FORMSETS, the related name
    columns: dict[str, str]  # Dutch header → field


CHILD_SHEETS = [
    ChildSheet(
        "Veranderingstheorie",
        "theory_steps",
        {
            "Stapnummer": "position",
            "Als": "if_text",
            "Dan": "then_text",
            "Omdat": "because_text",
            "Onderbouwing": "support",
            "Zekerheid": "confidence",
        },
    ),
    ChildSheet(
        "Werkzame bestanddelen",
        "active_ingredients",
        {"Naam": "name", "Toelichting": "explanation", "Essentieel": "is_essential"},
    ),
    ChildSheet(
        "Beoogde effecten",
        "intended_effects",
        {
            "Effect": "effect",
            "Niveau": "level",
            "Indicator": "indicator",
            "Streefwaarde": "target_value",
            "Streefdatum": "target_date",
        },
    ),
    ChildSheet(
        "Activiteiten",
        "activities",
        {
            "Naam": "name",
            "Omschrijving": "description",
            "Door wie": "performed_by",
            "Frequentie": "frequency",
        },
    ),
    ChildSheet(
        "Samenwerkingspartners",
        "partners",
        {"Organisatie": "name", "Rol": "role", "Bijdrage": "contribution"},
    ),
]
VOCABULARY_MODELS = {
    "intervention_types": InterventionType,
    "themes": Theme,
    "target_groups": TargetGroup,
}


# --- the vocabularies ---------------------------------------------------------------------


def _key(text) -> str:
    return " ".join(str(text).lower().split())


@dataclass
class Lookup:
    """One list a cell chooses from: what may be typed (name, code, label) → the value."""

    title: str
    values: dict[str, object] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # code → name, for suggestions

    def add(self, value, name: str, *aliases) -> None:
        self.names[str(aliases[0] if aliases else value)] = name
        for alias in (name, value, *aliases):
            self.values.setdefault(_key(alias), value)

    def find(self, text: str):
        return self.values.get(_key(text))


class Vocabulary:
    """The lists of the format, read once per import: no query per row."""

    def __init__(self) -> None:
        self.lookups: dict[str, Lookup] = {}
        self.objects: dict[str, dict[int, models.Model]] = {}
        for name, model in VOCABULARY_MODELS.items():
            items = list(model.objects.all())
            lookup = Lookup(str(model._meta.verbose_name_plural))
            for item in items:
                lookup.add(item.pk, item.name, item.slug)
            self.lookups[name] = lookup
            self.objects[name] = {item.pk: item for item in items}
        effects = list(Effect.objects.order_by("code"))
        lookup = Lookup(str(Effect._meta.verbose_name_plural))
        for effect in effects:
            lookup.add(effect.pk, effect.name, effect.code, f"{effect.code} {effect.name}")
        self.lookups["effect"] = lookup
        self.objects["effect"] = {effect.pk: effect for effect in effects}
        self.effect_choices = [("", "---------")] + [
            (effect.pk, str(effect)) for effect in effects
        ]

    def choice_lookup(self, model_field) -> Lookup:
        """Codes and labels, in Dutch and in the interface language, of a choice field."""
        key = f"{model_field.model.__name__}.{model_field.name}"
        if key not in self.lookups:
            lookup = Lookup(str(model_field.verbose_name))
            for value, label in model_field.choices:
                with translation.override("nl"):
                    dutch = str(label)
                lookup.add(value, dutch, value, str(label))
            self.lookups[key] = lookup
        return self.lookups[key]


# --- problems and the preview -------------------------------------------------------------


@dataclass
class Problem:
    message: str
    sheet: str = MAIN_SHEET
    ref: str = ""
    column: str = ""
    suggestions: list[str] = field(default_factory=list)


@dataclass
class RowCheck:
    """What the check found for one description: its action, its problems, and what the form
    and formsets filled to write it from (not the forms themselves: 5,000 of them would take
    a gigabyte)."""

    number: int
    title: str
    reference: str
    target: Intervention | None = None
    problems: list[Problem] = field(default_factory=list)
    instance: Intervention | None = None
    tags: dict[str, list[int]] = field(default_factory=dict)  # many-to-many field → ids
    parts: dict[str, list] = field(default_factory=dict)  # related name → unsaved rows

    @property
    def action(self) -> str:
        if self.problems:
            return "error"
        return "update" if self.target else "create"

    def as_json(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "reference": self.reference,
            "action": self.action,
            "target_id": self.target.pk if self.target else None,
            "problems": [vars(problem) for problem in self.problems],
        }


@dataclass
class Checked:
    rows: list[RowCheck] = field(default_factory=list)
    # Problems of the file as a whole: nothing can be imported until they are solved.
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    child_sheets: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def can_import(self) -> bool:
        return not self.problems and any(row.action != "error" for row in self.rows)

    def as_json(self) -> dict:
        return {
            "rows": [row.as_json() for row in self.rows],
            "problems": [vars(problem) for problem in self.problems],
            "notices": self.notices,
            "counts": {action: self.count(action) for action in ("create", "update", "error")},
            "can_import": self.can_import,
        }


class UnknownTermError(CellError):
    def __init__(self, message: str, suggestions: list[str]):
        super().__init__(message)
        self.suggestions = suggestions


# --- cells to form data -------------------------------------------------------------------


def _unknown(text: str, lookup: Lookup) -> UnknownTermError:
    return UnknownTermError(
        _("“%(value)s” is not in the list of %(list)s (see the sheet “%(sheet)s”).")
        % {"value": text, "list": lookup.title, "sheet": VOCABULARY_SHEET},
        suggest(text, lookup.names),
    )


def _choice(text: str, lookup: Lookup):
    value = lookup.find(text)
    if value is None and text[:1].isdigit():
        value = lookup.find(text.split()[0])  # "3 Eerste aanwijzingen …" or "3"
    if value is None:
        raise _unknown(text, lookup)
    return value


def _form_value(model_field, raw, vocabulary: Vocabulary):
    """What the form would receive for the cell `raw`; raises CellError."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return [] if model_field.many_to_many else ""
    if model_field.many_to_many:
        lookup = vocabulary.lookups[model_field.name]
        return [_choice(item, lookup) for item in parse_list(raw)]
    if model_field.is_relation:
        return _choice(str(raw).strip(), vocabulary.lookups[model_field.name])
    if model_field.choices:
        return _choice(_text(raw), vocabulary.choice_lookup(model_field))
    if isinstance(model_field, models.DateField):
        return parse_date(raw).isoformat()
    if isinstance(model_field, models.DecimalField):
        return str(parse_number_for(model_field, raw))
    if isinstance(model_field, models.IntegerField):
        return str(parse_int(raw))
    if isinstance(model_field, models.BooleanField):
        return "on" if parse_bool(raw) else ""
    return _text(raw)


def _text(raw) -> str:
    if isinstance(raw, datetime | date):
        return raw.strftime("%d-%m-%Y")
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def _read_cells(
    row: Row, columns: dict[str, str], model, vocabulary: Vocabulary, sheet: str
) -> tuple[dict, list[Problem]]:
    """The form data of the row's cells (field → value) and the cells that cannot be read."""
    data, problems = {}, []
    for header, name in columns.items():
        cell = row.get(header)
        if cell is None:
            continue
        if cell.is_formula:
            problems.append(
                Problem(
                    _("Formulas are not imported. Type the value itself in this cell."),
                    sheet,
                    cell.ref,
                    header,
                )
            )
            continue
        try:
            data[name] = _form_value(model._meta.get_field(name), cell.raw, vocabulary)
        except CellError as error:
            found = getattr(error, "suggestions", [])
            problems.append(Problem(error.message, sheet, cell.ref, header, found))
    return data, problems


def _instance_data(intervention: Intervention) -> dict:
    """The saved description as form data: the columns a file leaves out keep their value."""
    data = {}
    for name in FIELD_COLUMNS:
        model_field = Intervention._meta.get_field(name)
        value = getattr(intervention, name)
        if model_field.many_to_many:
            data[name] = [item.pk for item in value.all()]
        elif value is None:
            data[name] = ""
        elif isinstance(value, date):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    return data


# --- the forms, with the vocabularies read once -------------------------------------------


class _KnownChoicesField(forms.ModelMultipleChoiceField):
    """A list of the vocabulary, checked against what was read once for the whole import."""

    def __init__(self, objects: dict, **kwargs):
        super().__init__(**kwargs)
        self.objects = objects

    def _check_values(self, value):
        found = []
        for item in value:
            try:
                found.append(self.objects[int(item)])
            except (KeyError, TypeError, ValueError):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                ) from None
        return found


class _KnownChoiceField(forms.ModelChoiceField):
    def __init__(self, objects: dict, **kwargs):
        super().__init__(**kwargs)
        self.objects = objects

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.objects[int(value)]
        except (KeyError, TypeError, ValueError):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


def _known(form_field, objects: dict, field_class):
    return field_class(
        objects,
        queryset=form_field.queryset,
        required=form_field.required,
        label=form_field.label,
        error_messages=form_field.error_messages,
    )


def _without_database_checks(form) -> None:
    """Leave out the model's constraints, which Django checks with one query each (15 for a
    description). Each repeats a rule that the form's fields and clean() already apply with
    their own message (choices, end after start, amounts, CBS codes); a duplicate effect is
    the formset's check. The database still holds them all when the import writes, and a
    violation there rolls the whole import back."""
    form.validate_constraints = _nothing


def _nothing() -> None:
    pass


class ImportedDescriptionForm(InterventionForm):
    """The description form of the browser, for one row: the same fields and rules, without
    the report upload (a file cannot be in a cell) and the page layout."""

    def __init__(self, *args, vocabulary: Vocabulary, **kwargs):
        super().__init__(*args, **kwargs)
        _without_database_checks(self)
        for name in (*NOT_IN_SHEET, "remove_report", "opened_revision"):
            self.fields.pop(name, None)
        for name in VOCABULARY_MODELS:
            self.fields[name] = _known(
                self.fields[name], vocabulary.objects[name], _KnownChoicesField
            )

    def _build_helper(self):
        return None


def _formset(child: ChildSheet, rows: list[dict], vocabulary: Vocabulary):
    """The browser's formset of the part, filled with the rows' data (field → value)."""
    prefix = child.formset
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for index, values in enumerate(rows):
        for name, value in values.items():
            data[f"{prefix}-{index}-{name}"] = value
    formset_class = FORMSETS[child.formset]
    formset = formset_class(data, instance=Intervention(), prefix=prefix)
    if child.formset == "intended_effects":
        formset.effect_choices = vocabulary.effect_choices  # read once, not per formset
    for form in formset.forms:
        _without_database_checks(form)
        if "effect" in form.fields:
            form.fields["effect"] = _known(
                form.fields["effect"], vocabulary.objects["effect"], _KnownChoiceField
            )
    return formset


# --- checking a table ---------------------------------------------------------------------


def _main_sheet(table: Table, checked: Checked) -> Sheet | None:
    if table.kind == "csv":
        return next(iter(table.sheets.values()))
    sheet = table.sheets.get(MAIN_SHEET)
    if sheet is None:
        checked.problems.append(
            Problem(
                _(
                    "The workbook has no sheet “%(sheet)s”. Start from the template, or name "
                    "the sheet with the descriptions “%(sheet)s”."
                )
                % {"sheet": MAIN_SHEET},
                sheet="",
            )
        )
    return sheet


def _check_header(sheet: Sheet, known: Iterable[str], checked: Checked, required=()) -> None:
    known = set(known)
    for header in sheet.header:
        if header and header not in known:
            checked.notices.append(
                _(
                    "The column “%(column)s” of the sheet “%(sheet)s” is not in the template; "
                    "it is left out."
                )
                % {"column": header, "sheet": sheet.name}
            )
    for header in required:
        if header not in sheet.header:
            checked.problems.append(
                Problem(
                    _("The sheet “%(sheet)s” has no column “%(column)s”.")
                    % {"sheet": sheet.name, "column": header},
                    sheet=sheet.name,
                )
            )


def _reference(row: Row) -> str:
    cell = row.get(REFERENCE)
    return cell.text if cell is not None and not cell.is_formula else ""


def _duplicate_references(rows: list[Row], checks: dict[int, RowCheck]) -> None:
    seen: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        if reference := _reference(row):
            seen[reference].append(row.number)
    for reference, numbers in seen.items():
        if len(numbers) < 2:
            continue
        for number in numbers:
            others = ", ".join(str(other) for other in numbers if other != number)
            cell = next(row for row in rows if row.number == number).get(REFERENCE)
            checks[number].problems.append(
                Problem(
                    _(
                        "The external reference “%(reference)s” is also in row %(rows)s. Give "
                        "each description its own reference."
                    )
                    % {"reference": reference, "rows": others},
                    ref=cell.ref,
                    column=REFERENCE,
                )
            )


def _children_by_row(
    table: Table, rows: list[Row], vocabulary: Vocabulary, checked: Checked
) -> dict[str, dict[int, list[tuple[Row, dict, list[Problem]]]]]:
    """Per part and main row number: the part's rows with their form data and problems."""
    by_reference = {_reference(row): row.number for row in rows if _reference(row)}
    numbers = {row.number for row in rows}
    found: dict[str, dict[int, list]] = {}
    for child in CHILD_SHEETS:
        sheet = table.sheets.get(child.name)
        if sheet is None:
            continue
        checked.child_sheets.append(child.formset)
        _check_header(sheet, [KEY, *child.columns], checked, required=[KEY])
        model = FORMSETS[child.formset].model
        parts: dict[int, list] = defaultdict(list)
        for row in sheet.rows:
            key = row.get(KEY)
            text = key.text if key else ""
            number = by_reference.get(text)
            if number is None and text.isdigit() and int(text) in numbers:
                number = int(text)
            if number is None:
                checked.problems.append(
                    Problem(
                        _(
                            "Row %(row)d names the description “%(key)s”, which is not in the "
                            "sheet “%(sheet)s”. Give its external reference or row number."
                        )
                        % {"row": row.number, "key": text, "sheet": MAIN_SHEET},
                        sheet=sheet.name,
                        ref=key.ref if key else "",
                        column=KEY,
                    )
                )
                continue
            data, problems = _read_cells(row, child.columns, model, vocabulary, sheet.name)
            parts[number].append((row, data, problems))
        found[child.formset] = parts
    return found


def _form_problems(
    form, columns: dict[str, str], row: Row, sheet: str, unread: Iterable[Problem] = ()
) -> list[Problem]:
    """The form's own messages, each at the cell of its field; not for the cells that could
    not be read (`unread`), which the form saw as empty."""
    problems = []
    skipped = {problem.column for problem in unread}
    for name, messages in form.errors.items():
        header = columns.get(name, "")
        if header and header in skipped:
            continue
        cell = row.get(header) if header else None
        for message in messages:
            problems.append(Problem(message, sheet, cell.ref if cell else "", header))
    return problems


def _check_children(check: RowCheck, parts: dict, vocabulary: Vocabulary) -> None:
    for child in CHILD_SHEETS:
        if child.formset not in parts:
            continue
        found = parts[child.formset].get(check.number, [])
        for _row, _data, problems in found:
            check.problems += problems
        formset = _formset(child, [data for _row, data, _problems in found], vocabulary)
        if not formset.is_valid():
            by_header = {name: header for header, name in child.columns.items()}
            for form, (row, _data, problems) in zip(formset.forms, found, strict=True):
                check.problems += _form_problems(form, by_header, row, child.name, problems)
            for message in formset.non_form_errors():
                check.problems.append(Problem(message, child.name))
        check.parts[child.formset] = [
            form.instance for form in formset.forms if form.has_changed()
        ]


def _check_row(
    row: Row,
    columns: dict[str, str],
    target: Intervention | None,
    organisation,
    vocabulary: Vocabulary,
) -> RowCheck:
    title = row.get("Titel")
    check = RowCheck(row.number, title.text if title else "", _reference(row), target)
    data, check.problems = _read_cells(row, columns, Intervention, vocabulary, MAIN_SHEET)
    reference = data.pop("external_reference", "")
    if len(reference) > REFERENCE_MAX_LENGTH:
        check.problems.append(
            Problem(
                _("Keep the external reference to %(limit)d characters at most.")
                % {"limit": REFERENCE_MAX_LENGTH},
                ref=row.get(REFERENCE).ref,
                column=REFERENCE,
            )
        )
    instance = target or Intervention(organisation=organisation)
    base = _instance_data(target) if target else {}
    form = ImportedDescriptionForm({**base, **data}, instance=instance, vocabulary=vocabulary)
    if not form.is_valid():
        check.problems += _form_problems(form, FIELD_COLUMNS, row, MAIN_SHEET, check.problems)
    form.instance.external_reference = reference
    check.instance = form.instance
    # Columns the file leaves out kept their saved choices in the form's data.
    check.tags = {
        name: [item.pk for item in form.cleaned_data.get(name) or []] for name in VOCABULARY_MODELS
    }
    return check


def _targets(organisation, references: list[str]) -> dict[str, Intervention]:
    """The organisation's descriptions with these external references."""
    found = Intervention.objects.filter(
        organisation=organisation, external_reference__in=references
    ).prefetch_related(*VOCABULARY_MODELS)
    return {intervention.external_reference: intervention for intervention in found}


def check_table(
    table: Table, organisation, *, progress: Callable[[int], None] | None = None
) -> Checked:
    """Every row of the file checked as the browser's form checks it; nothing is written."""
    checked = Checked()
    sheet = _main_sheet(table, checked)
    if sheet is None:
        return checked
    _check_header(sheet, MAIN_COLUMNS, checked, required=["Titel"])
    if checked.problems:
        return checked
    vocabulary = Vocabulary()
    columns = {header: name for header, name in MAIN_COLUMNS.items() if header in sheet.header}
    parts = _children_by_row(table, sheet.rows, vocabulary, checked)
    targets = _targets(organisation, [_reference(row) for row in sheet.rows if _reference(row)])
    checks = {}
    for index, row in enumerate(sheet.rows):
        target = targets.get(_reference(row))
        check = _check_row(row, columns, target, organisation, vocabulary)
        _check_children(check, parts, vocabulary)
        checks[row.number] = check
        if progress and index % 50 == 0:
            progress(index * 100 // len(sheet.rows))
    _duplicate_references(sheet.rows, checks)
    checked.rows = list(checks.values())
    if not checked.rows:
        checked.problems.append(
            Problem(_("The sheet “%(sheet)s” has no descriptions.") % {"sheet": sheet.name})
        )
    return checked


# --- writing ------------------------------------------------------------------------------

# The description's own fields that an import writes (the many-to-many fields apart).
WRITTEN_FIELDS = [
    name for name in FIELD_COLUMNS if not Intervention._meta.get_field(name).many_to_many
]
DERIVED_PREFETCH = [
    *VOCABULARY_MODELS,
    "authors",  # the versions keep them
    "theory_steps",
    "active_ingredients",
    "activities",
    "partners",
    "intended_effects__effect",
]


@dataclass
class Written:
    created: list[Intervention]
    updated: list[Intervention]


def _save_descriptions(checks: list[RowCheck], organisation, by) -> Written:
    new, changed = [], []
    for check in checks:
        intervention = check.instance
        if check.target is None:
            intervention.organisation = organisation
            intervention.created_by = by
            intervention.status = choices.Status.CONCEPT
            intervention.revision = 1
            new.append(intervention)
        else:
            changed.append(intervention)
    Intervention.objects.bulk_create(new, batch_size=BATCH_SIZE)
    if changed:
        locked = Intervention.objects.select_for_update().in_bulk([item.pk for item in changed])
        # One UPDATE each: bulk_update's CASE per field and row costs more than it saves.
        for intervention in changed:
            intervention.revision = locked[intervention.pk].revision + 1
            intervention.save(update_fields=[*WRITTEN_FIELDS, "revision", "updated_at"])
    return Written(new, changed)


def _save_many_to_many(checks: list[RowCheck], written: Written, by) -> None:
    updated_ids = [item.pk for item in written.updated]
    for name in VOCABULARY_MODELS:
        through = Intervention._meta.get_field(name).remote_field.through
        column = Intervention._meta.get_field(name).m2m_reverse_field_name()
        through.objects.filter(intervention_id__in=updated_ids).delete()
        links = [
            through(intervention_id=check.instance.pk, **{column + "_id": item})
            for check in checks
            for item in check.tags.get(name, [])
        ]
        through.objects.bulk_create(links, batch_size=BATCH_SIZE)
    authors = Intervention.authors.through
    authors.objects.bulk_create(
        [authors(intervention_id=check.instance.pk, user_id=by.pk) for check in checks],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,
    )


def _save_children(checks: list[RowCheck], written: Written, parts: list[str]) -> None:
    updated_ids = [item.pk for item in written.updated]
    for name in parts:
        model = FORMSETS[name].model
        model.objects.filter(intervention_id__in=updated_ids).delete()
        rows = []
        for check in checks:
            for child in check.parts[name]:
                child.pk = None
                child.intervention_id = check.instance.pk
                rows.append(child)
        model.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _refresh_derived(ids: list[int]) -> list[Intervention]:
    """Search vectors and completeness of the written descriptions, in a few queries."""
    descriptions = list(
        Intervention.objects.filter(pk__in=ids).prefetch_related(*DERIVED_PREFETCH)
    )
    for intervention in descriptions:
        links = list(intervention.intended_effects.all())
        intervention.search_vector = services.search_vector(intervention, links)
        intervention.completeness = services.completeness.check(intervention)[1]
    Intervention.objects.bulk_update(
        descriptions, ["search_vector", "completeness"], batch_size=200
    )
    return descriptions


def _versions(objects: list, revision_of: Callable) -> list[Version]:
    """A version of each object (of one model) in its revision (`revision_of(obj)`),
    serialized as django-reversion serializes it (its JSON format, its fields), in one pass
    of Django's serializer."""
    model = objects[0].__class__
    options = _get_options(model)
    content_type = _get_content_type(model, DEFAULT_DB_ALIAS)
    data = serializers.serialize(
        "python",
        objects,
        fields=options.fields,
        use_natural_foreign_keys=options.use_natural_foreign_keys,
    )
    return [
        Version(
            content_type=content_type,
            object_id=force_str(obj.pk),
            db=DEFAULT_DB_ALIAS,
            format=options.format,
            serialized_data=json.dumps([item], cls=DjangoJSONEncoder, ensure_ascii=False),
            object_repr=force_str(obj),
            revision=revision_of(obj),
        )
        for obj, item in zip(objects, data, strict=True)
    ]


def _save_versions(descriptions: list[Intervention], *, comment: str, by) -> None:
    """One version per description, as django-reversion's create_revision() would keep it
    (the description and the parts it follows), written in bulk."""
    now = timezone.now()
    revisions = Revision.objects.bulk_create(
        [Revision(date_created=now, user=by, comment=comment) for _item in descriptions],
        batch_size=BATCH_SIZE,
    )
    revisions = dict(zip([item.pk for item in descriptions], revisions, strict=True))
    versions = _versions(descriptions, lambda intervention: revisions[intervention.pk])
    for name in _get_options(Intervention).follow:
        parts = [part for item in descriptions for part in getattr(item, name).all()]
        if parts:
            versions += _versions(parts, lambda part: revisions[part.intervention_id])
    Version.objects.bulk_create(versions, batch_size=BATCH_SIZE)


def import_comment(filename: str) -> str:
    return _("Imported from %(file)s") % {"file": filename}


@transaction.atomic
def import_checked(checked: Checked, *, organisation, filename: str, by) -> Written:
    """Write the rows of `checked` without problems, at once: drafts for new descriptions,
    a new version of those the external reference names. Returns what was written."""
    checks = [check for check in checked.rows if check.action != "error"]
    written = _save_descriptions(checks, organisation, by)
    _save_many_to_many(checks, written, by)
    _save_children(checks, written, checked.child_sheets)
    ids = [check.instance.pk for check in checks]
    # In batches, so that 5,000 descriptions with their parts are never in memory at once.
    for start in range(0, len(ids), BATCH_SIZE):
        descriptions = _refresh_derived(ids[start : start + BATCH_SIZE])
        _save_versions(descriptions, comment=import_comment(filename), by=by)
    return written


# --- the template and the export ----------------------------------------------------------


def _section_of(name: str) -> str:
    for number, section in enumerate(SECTIONS, start=1):
        if name in section.fields:
            return f"{number}. {section.title}"
    return ""


def _header_row(sheet, headers: list[str], notes: dict[str, str] | None = None) -> None:
    bold = Font(bold=True)
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column, value=header)
        cell.font = bold
        if notes and notes.get(header):
            cell.comment = Comment(notes[header], "WWidW")
    sheet.freeze_panes = "A2"


def _main_notes() -> dict[str, str]:
    notes = {REFERENCE: _("Your own key for the description: importing it again updates it.")}
    for header, name in MAIN_COLUMNS.items():
        if name == "external_reference":
            continue
        model_field = Intervention._meta.get_field(name)
        note = _section_of(name)
        if model_field.many_to_many:
            note += "\n" + _("Several? Separate with “;”.")
        notes[header] = note
    return notes


def _vocabulary_rows() -> list[tuple[str, str, str]]:
    rows = []
    for name, model in VOCABULARY_MODELS.items():
        header = FIELD_COLUMNS[name]
        rows += [(header, item.slug, item.name) for item in model.objects.order_by("name")]
    rows += [("Effect", item.code, item.name) for item in Effect.objects.order_by("code")]
    choice_fields = [
        (FIELD_COLUMNS[name], Intervention._meta.get_field(name))
        for name in WRITTEN_FIELDS
        if Intervention._meta.get_field(name).choices
    ]
    for child in CHILD_SHEETS:
        model = FORMSETS[child.formset].model
        for header, name in child.columns.items():
            model_field = model._meta.get_field(name)
            if model_field.choices:
                choice_fields.append((f"{child.name}: {header}", model_field))
    with translation.override("nl"):
        for header, model_field in choice_fields:
            rows += [(header, str(value), str(label)) for value, label in model_field.choices]
    return rows


def _cell(value):
    """A value as the template's cells hold it: lists joined with "; ", text kept as text."""
    if isinstance(value, list):
        value = "; ".join(value)
    if isinstance(value, Decimal):
        return value
    return spreadsheets.cell_value(value)


def _append(sheet, values: list) -> None:
    sheet.append([_cell(value) for value in values])
    for cell in sheet[sheet.max_row]:
        spreadsheets.keep_as_text(cell)


def _labels(model_field) -> dict:
    with translation.override("nl"):
        return {value: str(label) for value, label in model_field.choices}


def _export_value(obj, name: str, labels: dict):
    model_field = obj._meta.get_field(name)
    value = getattr(obj, name)
    if model_field.many_to_many:
        return [str(item.name) for item in value.all()]
    if model_field.is_relation:
        return f"{value.code} {value.name}" if value else ""
    if model_field.choices:
        return labels[name].get(value, "") if value not in (None, "") else ""
    if isinstance(model_field, models.BooleanField):
        return "ja" if value else "nee"
    return value


def _description_row(intervention: Intervention, labels: dict) -> list:
    return [_export_value(intervention, name, labels) for name in MAIN_COLUMNS.values()]


def _child_labels(model) -> dict:
    return {
        model_field.name: _labels(model_field)
        for model_field in model._meta.concrete_fields
        if model_field.choices
    }


def workbook(descriptions: Iterable[Intervention] = ()) -> Workbook:
    """The template, filled with `descriptions` (prefetched: DERIVED_PREFETCH)."""
    book = Workbook()
    main = book.active
    main.title = MAIN_SHEET
    _header_row(main, list(MAIN_COLUMNS), _main_notes())
    children = {child.formset: book.create_sheet(child.name) for child in CHILD_SHEETS}
    for child in CHILD_SHEETS:
        _header_row(children[child.formset], [KEY, *child.columns])
    labels = _child_labels(Intervention)
    child_labels = {
        child.formset: _child_labels(FORMSETS[child.formset].model) for child in CHILD_SHEETS
    }
    for number, intervention in enumerate(descriptions, start=2):
        _append(main, _description_row(intervention, labels))
        key = intervention.external_reference or number
        for child in CHILD_SHEETS:
            for part in getattr(intervention, child.formset).all():
                values = [
                    _export_value(part, name, child_labels[child.formset])
                    for name in child.columns.values()
                ]
                _append(children[child.formset], [key, *values])
    vocabulary = book.create_sheet(VOCABULARY_SHEET)
    _header_row(vocabulary, ["Lijst", "Code", "Naam"])
    for values in _vocabulary_rows():
        _append(vocabulary, list(values))
    return book


def template_xlsx(descriptions: Iterable[Intervention] = ()) -> bytes:
    return spreadsheets.workbook_bytes(workbook(descriptions))


def template_csv() -> str:
    """The main sheet's columns as CSV for Dutch Excel (";", UTF-8 with a byte order mark)."""
    output = io.StringIO()
    csv.writer(output, delimiter=";").writerow(list(MAIN_COLUMNS))
    return "\ufeff" + output.getvalue()


def for_export(organisation) -> models.QuerySet:
    """The organisation's descriptions as the export writes them, oldest first."""
    return (
        Intervention.objects.filter(organisation=organisation)
        .prefetch_related(*DERIVED_PREFETCH)
        .order_by("created_at", "pk")
    )


def record_result(description_import: DescriptionImport, checked: Checked) -> None:
    """Keep what the check found on the import, for the preview page."""
    description_import.preview = checked.as_json()
    description_import.row_count = len(checked.rows)
    description_import.skipped_count = checked.count("error")
    summary = [problem.message for problem in checked.problems]
    summary += [
        f"{MAIN_SHEET} {row.number}: {problem.message}"
        for row in checked.rows
        for problem in row.problems
    ]
    description_import.errors_summary = "\n".join(summary[:50])


def read_kept_file(description_import: DescriptionImport) -> Table:
    with description_import.file.open("rb") as kept:
        return read_upload(kept, max_rows=MAX_ROWS)


def _fail(description_import: DescriptionImport, message: str) -> None:
    description_import.status = DescriptionImport.Status.FAILED
    description_import.errors_summary = message
    description_import.finished_at = timezone.now()
    description_import.save(update_fields=["status", "errors_summary", "finished_at"])


def _check(description_import: DescriptionImport, progress) -> Checked | None:
    try:
        table = read_kept_file(description_import)
    except SheetError as error:
        _fail(description_import, error.message)
        return None
    return check_table(table, description_import.organisation, progress=progress)


def check_import(description_import: DescriptionImport, *, progress=None) -> None:
    """Check the kept file and keep what was found for the preview; nothing else is written."""
    checked = _check(description_import, progress)
    if checked is None:
        return
    record_result(description_import, checked)
    description_import.status = DescriptionImport.Status.CHECKED
    description_import.save()


def run_import(description_import: DescriptionImport, *, progress=None) -> None:
    """Check the kept file again and import its valid rows at once (import_checked). The
    progress runs to 60 % while checking; the writing is one transaction."""

    def checking(percent: int) -> None:
        if progress:
            progress(percent * 60 // 100)

    try:
        checked = _check(description_import, checking)
        if checked is None:
            return
        record_result(description_import, checked)
        if not checked.can_import:
            description_import.status = DescriptionImport.Status.CHECKED
            description_import.save()
            return
        written = import_checked(
            checked,
            organisation=description_import.organisation,
            filename=description_import.filename,
            by=description_import.created_by,
        )
    except Exception:
        # Nothing was written (one transaction); the page says so, the log says why.
        logger.exception("Import %s failed", description_import.pk)
        _fail(description_import, _("The import failed; nothing was imported. Try again."))
        return
    description_import.created_count = len(written.created)
    description_import.updated_count = len(written.updated)
    description_import.status = DescriptionImport.Status.DONE
    description_import.finished_at = timezone.now()
    description_import.save()


class UploadForm(forms.Form):
    """The file to import and the organisation it is for (one of the person's own, or any
    partner for programme staff)."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=gettext_lazy("Organisation"), empty_label=None
    )
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy(
            "An Excel workbook (.xlsx) made from the template, or a CSV file with the columns "
            "of its first sheet; at most 8 MB."
        ),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.table: Table | None = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.table = read_upload(upload, max_rows=MAX_ROWS)
        except SheetError as error:
            raise forms.ValidationError(error.message, code="sheet") from error
        return upload

    @property
    def row_count(self) -> int:
        sheets = list(self.table.sheets.values()) if self.table else []
        main = self.table.sheets.get(MAIN_SHEET, sheets[0] if sheets else None)
        return len(main.rows) if main else 0
