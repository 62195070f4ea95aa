"""What every CSV and xlsx export shares: text that a spreadsheet opens safely.

Text from people and from old data brings two dangers. A spreadsheet program runs a cell that
starts with "=" (and the like) as a formula, and an xlsx file cannot hold most control characters:
openpyxl refuses to write them, so one stray character in one description would break the whole
export. Forms refuse control characters now (wwidw/text.py), but stored text may still hold them.
"""

import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from wwidw.text import visible_text

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_text(text: str) -> str:
    """The text without the control characters a spreadsheet cannot hold; tabs and line breaks
    stay, Word's soft line and page breaks become line breaks."""
    return ILLEGAL_CHARACTERS_RE.sub("", visible_text(text))


def cell_value(value):
    """A value as an xlsx cell may hold it: text cleaned by `cell_text`, anything else as is."""
    return cell_text(value) if isinstance(value, str) else value


def keep_as_text(cell) -> None:
    """A cell whose text starts like a formula holds it as text, never run."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"


def workbook_bytes(workbook: Workbook) -> bytes:
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def csv_text(text: str) -> str:
    """The text for a CSV cell: cleaned like an xlsx cell, and never read as a formula."""
    text = cell_text(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class Echo:
    """A file that hands back what is written to it, for csv.writer in a streamed response."""

    def write(self, value: str) -> str:
        return value
