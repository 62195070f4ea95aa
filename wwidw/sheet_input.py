"""Spreadsheets coming in: an uploaded xlsx or CSV read safely, and its cells read as people type.

What partners upload was made by hand in Excel or exported from another system, so the reader
expects everything: a file that is no spreadsheet, an old .xls, a password, a zip that unpacks to
gigabytes, merged cells, formulas, CSV with semicolons or commas in UTF-8 or Windows-1252.
Each of those is refused with one Dutch sentence (`SheetError`) before anything is read further.

The cell parsers accept what a Dutch professional types: "1.234,50", "€ 1.234", "12,5%",
"1-3-2019", "maart 2019". What they cannot read raises `CellError` with a sentence that says
what was expected, for the preview to show next to the cell.
"""

import codecs
import csv
import difflib
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from wwidw import numbers
from wwidw.spreadsheets import FORMULA_STARTS

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
# What the parts of an xlsx may unpack to together: far above any real file, far below a bomb.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
DEFAULT_MAX_ROWS = 10_000

ZIP_MAGIC = b"PK\x03\x04"
# Old .xls files and password-protected xlsx files are both OLE compound documents.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MERGE_RE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*\bref=\"([A-Z]+[0-9]+:[A-Z]+[0-9]+)\"")

MONTHS = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "maart": 3,
    "mrt": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augustus": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
    # English, for files exported by other systems.
    "january": 1,
    "february": 2,
    "march": 3,
    "mar": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "october": 10,
    "oct": 10,
}
DAY_FIRST_RE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
ISO_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
WORDS_RE = re.compile(r"^(?:(\d{1,2})\s+)?([a-z]+)\.?\s+(\d{4})$")
TRUE_WORDS = {"ja", "j", "yes", "y", "waar", "true", "1", "x", "✓"}
FALSE_WORDS = {"nee", "n", "no", "onwaar", "false", "0", ""}


class SheetError(Exception):
    """The file as a whole cannot be read; the message says why, in the reader's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class CellError(ValueError):
    """One cell cannot be read as what its column holds; the message says what was expected."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class AmbiguousCellError(CellError):
    """A number that can be read two ways ("1.234" for a percentage); the message names both."""


@dataclass(frozen=True)
class Cell:
    ref: str
    raw: object
    is_formula: bool = False

    @property
    def text(self) -> str:
        if self.raw is None:
            return ""
        if isinstance(self.raw, float) and self.raw.is_integer():
            return str(int(self.raw))
        return str(self.raw).strip()

    @property
    def is_empty(self) -> bool:
        return self.text == ""


@dataclass
class Row:
    number: int
    cells: dict[str, Cell]

    def get(self, header: str) -> Cell | None:
        return self.cells.get(header)

    @property
    def is_empty(self) -> bool:
        return all(cell.is_empty for cell in self.cells.values())


@dataclass
class Sheet:
    name: str
    header: list[str]
    rows: list[Row] = field(default_factory=list)


@dataclass
class Table:
    sheets: dict[str, Sheet]
    kind: str  # "xlsx" or "csv"


def read_upload(upload, *, max_rows: int = DEFAULT_MAX_ROWS) -> Table:
    """The uploaded file as sheets of rows under their header row (the first row).

    Raises `SheetError` for anything that makes the file as a whole unreadable.
    """
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size > MAX_UPLOAD_BYTES:
        raise SheetError(
            _("The file is %(size)s; at most %(limit)s can be read. Split it into smaller files.")
            % {"size": filesizeformat(size), "limit": filesizeformat(MAX_UPLOAD_BYTES)}
        )
    upload.seek(0)
    data = upload.read()
    if not data.strip():
        raise SheetError(_("The file is empty."))
    if data.startswith(OLE_MAGIC):
        raise SheetError(
            _(
                "This is an old Excel file (.xls) or a file protected with a password. Save it "
                "in Excel as an Excel workbook (.xlsx) without a password, or as CSV."
            )
        )
    if data.startswith(ZIP_MAGIC):
        return _read_xlsx(data, max_rows)
    return _read_csv(data, max_rows)


def _not_a_spreadsheet() -> SheetError:
    return SheetError(
        _("This file is not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file.")
    )


def _read_xlsx(data: bytes, max_rows: int) -> Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise SheetError(_("The file is damaged and cannot be opened as a workbook.")) from error
    if "xl/workbook.xml" not in names:
        raise _not_a_spreadsheet()
    if unpacked > MAX_UNPACKED_BYTES:
        raise SheetError(_("The workbook unpacks to more than can be read. Split it up."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise SheetError(_("The file is damaged and cannot be opened as a workbook.")) from error
    sheets = {}
    try:
        for worksheet in workbook.worksheets:
            _refuse_merged_cells(worksheet)
            sheets[worksheet.title] = _xlsx_sheet(worksheet, max_rows)
    except SheetError:
        raise
    except Exception as error:
        raise SheetError(_("The file is damaged and cannot be opened as a workbook.")) from error
    finally:
        workbook.close()
    return Table(sheets=sheets, kind="xlsx")


def _refuse_merged_cells(worksheet) -> None:
    with worksheet._get_source() as source:  # the sheet's XML; openpyxl's reader skips merges
        found = MERGE_RE.findall(source.read())
    if found:
        ranges = ", ".join(ref.decode() for ref in found[:5])
        raise SheetError(
            _(
                "The sheet “%(sheet)s” has merged cells (%(ranges)s). Unmerge them and put the "
                "value in every cell it belongs to."
            )
            % {"sheet": worksheet.title, "ranges": ranges}
        )


def _xlsx_sheet(worksheet, max_rows: int) -> Sheet:
    rows = worksheet.iter_rows()
    header_cells = next(rows, ())
    header = [_header_text(cell.value) for cell in header_cells]
    sheet = Sheet(name=worksheet.title, header=header)
    for number, cells in enumerate(rows, start=2):
        values = {}
        for index, cell in enumerate(cells):
            if index >= len(header) or not header[index]:
                continue
            value = cell.value
            # A text cell that starts with "=" is text (our exports write such text so); only a
            # real formula is refused.
            is_formula = getattr(cell, "data_type", None) == "f"
            values[header[index]] = Cell(ref=_ref(index, number), raw=value, is_formula=is_formula)
        row = Row(number=number, cells=values)
        if row.is_empty:
            continue
        if len(sheet.rows) >= max_rows:
            raise _too_many_rows(worksheet.title, max_rows)
        sheet.rows.append(row)
    return sheet


def _ref(index: int, number: int) -> str:
    return f"{get_column_letter(index + 1)}{number}"


def _too_many_rows(sheet: str, max_rows: int) -> SheetError:
    return SheetError(
        ngettext(
            "The sheet “%(sheet)s” has more than %(count)d row; split it into smaller files.",
            "The sheet “%(sheet)s” has more than %(count)d rows; split it into smaller files.",
            max_rows,
        )
        % {"sheet": sheet, "count": max_rows}
    )


def _header_text(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _looks_like_formula(value) -> bool:
    return isinstance(value, str) and len(value) > 1 and value.startswith(FORMULA_STARTS[:1])


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Dutch Excel saves "CSV (gescheiden door lijstscheidingsteken)" in Windows-1252.
        return data.decode("cp1252", errors="replace")


def _read_csv(data: bytes, max_rows: int) -> Table:
    if b"\x00" in data[:4096]:
        raise _not_a_spreadsheet()
    text = _decode(data)
    printable = sum(1 for char in text[:4096] if char.isprintable() or char in "\r\n\t")
    if printable < 0.95 * len(text[:4096]):
        raise _not_a_spreadsheet()
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    if first_line.count(delimiter) == 0 and first_line.count("\t"):
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [_header_text(value) for value in next(reader, [])]
        sheet = Sheet(name="CSV", header=header)
        for number, values in enumerate(reader, start=2):
            cells = {}
            for index, value in enumerate(values):
                if index >= len(header) or not header[index]:
                    continue
                if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
                    # Our CSV exports write text that starts like a formula after an apostrophe.
                    cells[header[index]] = Cell(ref=_ref(index, number), raw=value[1:])
                    continue
                cells[header[index]] = Cell(
                    ref=_ref(index, number),
                    raw=value,
                    is_formula=_looks_like_formula(value.strip()),
                )
            row = Row(number=number, cells=cells)
            if row.is_empty:
                continue
            if len(sheet.rows) >= max_rows:
                raise _too_many_rows(sheet.name, max_rows)
            sheet.rows.append(row)
    except csv.Error as error:
        raise SheetError(_("The CSV file cannot be read: %(error)s") % {"error": error}) from error
    if not any(header):
        raise _not_a_spreadsheet()
    return Table(sheets={sheet.name: sheet}, kind="csv")


# --- cells ----------------------------------------------------------------------------------


def parse_decimal(raw, *, decimals: int = 2, upper=None) -> Decimal:
    """A number as typed in a Dutch spreadsheet: "1.234,50", "€ 1.234", "1234,5" or 1234.5
    (wwidw/numbers.py reads the text as every form does)."""
    if isinstance(raw, bool):
        raise CellError(_("Enter a number."))
    if isinstance(raw, int | Decimal):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw))
    text = "" if raw is None else str(raw)
    try:
        number = numbers.normalised(text, decimals=decimals, upper=upper)
    except numbers.AmbiguousNumberError as error:
        raise AmbiguousCellError(str(numbers.AMBIGUOUS % error.params)) from error
    try:
        return Decimal(number)
    except InvalidOperation as error:
        raise CellError(_("Enter a number, such as 1.234,50.")) from error


def parse_number_for(model_field, raw) -> Decimal:
    """A number for `model_field`, read as its form reads it: "1.234" is 1234 in an amount and
    names both readings in a percentage or a field with three decimals."""
    return parse_decimal(
        raw, decimals=model_field.decimal_places, upper=numbers.upper_limit(model_field)
    )


def parse_percentage(raw) -> Decimal:
    """A percentage from 0 to 100: "12,5%", "12,5" or 12.5."""
    try:
        value = parse_decimal(raw, upper=100)
    except AmbiguousCellError:
        raise
    except CellError as error:
        raise CellError(_("Enter a percentage from 0 to 100, such as 12,5.")) from error
    if not Decimal(0) <= value <= Decimal(100):
        raise CellError(_("Enter a percentage from 0 to 100, such as 12,5."))
    return value


def parse_int(raw) -> int:
    """A whole number: 12, "1.200" or 12.0."""
    try:
        value = parse_decimal(raw)
    except CellError as error:
        raise CellError(_("Enter a whole number.")) from error
    if value != value.to_integral_value():
        raise CellError(_("Enter a whole number."))
    return int(value)


def parse_date(raw) -> date:
    """A date from a date cell or as typed: "1-3-2019", "2019-03-01", "1 maart 2019";
    a month alone ("maart 2019") is its first day."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = " ".join(str(raw).strip().lower().split())
    try:
        if match := DAY_FIRST_RE.match(text):
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
        if match := ISO_RE.match(text):
            year, month, day = (int(part) for part in match.groups())
            return date(year, month, day)
        if (match := WORDS_RE.match(text)) and match.group(2) in MONTHS:
            day = int(match.group(1) or 1)
            return date(int(match.group(3)), MONTHS[match.group(2)], day)
    except ValueError as error:
        raise CellError(_("This date does not exist; enter a date such as 1-3-2019.")) from error
    raise CellError(_("Enter a date such as 1-3-2019, 1 maart 2019 or maart 2019."))


def parse_list(raw) -> list[str]:
    """The items of a cell separated by semicolons."""
    if raw is None:
        return []
    return [item.strip() for item in str(raw).split(";") if item.strip()]


def parse_bool(raw) -> bool:
    """Yes or no: "ja"/"nee", "x" or empty, 1/0."""
    if isinstance(raw, bool):
        return raw
    text = "" if raw is None else str(raw).strip().lower()
    if isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(_("Enter “ja” or “nee”."))


def suggest(text: str, choices: dict[str, str]) -> list[str]:
    """The names among `choices` (code → name) nearest to what was typed, best first, at most 3.

    "Huismeesters" finds "Huismeester / complexbeheerder": a typed word is also held against
    each part of a name and against the code.
    """
    typed = " ".join(text.lower().split())
    if not typed:
        return []
    scored = []
    for code, name in choices.items():
        candidates = [name.lower(), code.lower()]
        candidates += [part.strip() for part in re.split(r"[/,;()]", name.lower()) if part.strip()]
        score = max(
            difflib.SequenceMatcher(None, typed, candidate).ratio() for candidate in candidates
        )
        if any(
            len(candidate) >= 4 and (candidate.startswith(typed) or typed.startswith(candidate))
            for candidate in candidates
        ):
            score = max(score, 0.8)
        if score >= 0.6:
            scored.append((score, name))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [name for _score, name in scored[:3]]
