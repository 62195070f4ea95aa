"""The knowledge base list as a spreadsheet: CSV for any program, xlsx for Excel.

The CSV is written for Dutch Excel, which most partners open it with: Excel in a Dutch locale
splits on semicolons (the comma is the decimal separator there) and only reads UTF-8 correctly
after a byte order mark. Numbers follow the interface language, so 1234,50 in Dutch.
"""

import csv
from collections.abc import Iterable, Iterator
from urllib.parse import urljoin

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from interventions.models import Intervention, InterventionType, TargetGroup, Theme
from wwidw import spreadsheets

CHUNK_SIZE = 500
# openpyxl writes about 2,000 rows a second here; longer lists go out as CSV, which streams.
XLSX_MAX_ROWS = 10_000

FIELDS = [
    "title",
    "organisation",
    "status",
    "visibility",
    "phase",
    "start_date",
    "end_date",
    "municipality",
    "neighbourhood",
    "intervention_types",
    "themes",
    "target_groups",
    "evidence_level",
    "completeness",
    "total_budget",
    "summary",
    "updated_at",
]
RELATED_FIELDS = {"organisation", "intervention_types", "themes", "target_groups"}


LABELLED = ["status", "visibility", "phase", "evidence_level"]
RELATED_NAMES = {
    "type_names": InterventionType,
    "theme_names": Theme,
    "target_group_names": TargetGroup,
}


def _for_export(interventions) -> Iterator[Intervention]:
    """The descriptions with the names of their types, themes and target groups as arrays.

    Array subqueries instead of prefetching: one streamed query, however many rows.
    """
    names = {
        name: ArraySubquery(
            model.objects.filter(interventions=OuterRef("pk")).order_by("name").values("name")
        )
        for name, model in RELATED_NAMES.items()
    }
    rows = (
        interventions.select_related("organisation")
        .only("organisation__name", *[name for name in FIELDS if name not in RELATED_FIELDS])
        .annotate(**names)
    )
    return rows.iterator(chunk_size=CHUNK_SIZE)


def header() -> list[str]:
    labels = [str(capfirst(Intervention._meta.get_field(name).verbose_name)) for name in FIELDS]
    return ["ID", *labels, _("Link")]


def rows(interventions, *, base_url: str) -> Iterator[list]:
    """One list of typed values per description: dates, decimals and numbers stay themselves."""
    labels = {
        name: {value: str(label) for value, label in Intervention._meta.get_field(name).choices}
        for name in LABELLED
    }
    for intervention in _for_export(interventions):
        yield [
            intervention.pk,
            intervention.title,
            intervention.organisation.name,
            labels["status"][intervention.status],
            labels["visibility"][intervention.visibility],
            labels["phase"][intervention.phase],
            intervention.start_date,
            intervention.end_date,
            intervention.municipality,
            intervention.neighbourhood,
            ", ".join(intervention.type_names),
            ", ".join(intervention.theme_names),
            ", ".join(intervention.target_group_names),
            labels["evidence_level"][intervention.evidence_level],
            intervention.completeness,
            intervention.total_budget,
            intervention.summary,
            timezone.localtime(intervention.updated_at).replace(tzinfo=None, microsecond=0),
            urljoin(base_url, intervention.get_absolute_url()),
        ]


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return spreadsheets.csv_text(value)
    if isinstance(value, int):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    return formats.number_format(value, decimal_pos=2)


def csv_lines(interventions, *, base_url: str) -> Iterable[str]:
    writer = csv.writer(spreadsheets.Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(header())
    for row in rows(interventions, base_url=base_url):
        yield writer.writerow([_csv_text(value) for value in row])


def _xlsx_cell(sheet, value):
    """The value as a cell holds it, or a cell that keeps a formula-like text as text."""
    value = spreadsheets.cell_value(value)
    if isinstance(value, str) and value.startswith(spreadsheets.FORMULA_STARTS):
        cell = WriteOnlyCell(sheet, value=value)
        spreadsheets.keep_as_text(cell)
        return cell
    return value


def xlsx_bytes(interventions, *, base_url: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Descriptions"))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    titles = []
    for label in header():
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = bold
        titles.append(cell)
    sheet.append(titles)
    for row in rows(interventions, base_url=base_url):
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    return spreadsheets.workbook_bytes(workbook)
