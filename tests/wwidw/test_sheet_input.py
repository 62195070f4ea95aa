"""Uploaded spreadsheets read safely, and cells read as Dutch professionals type them."""

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from monitoring.models import CostLine, ValuedOutcome
from wwidw import sheet_input, spreadsheets
from wwidw.sheet_input import CellError, SheetError


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def xlsx(rows, *, title="Blad1", merge=None, extra=None) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    if extra:
        other = workbook.create_sheet(extra[0])
        for row in extra[1]:
            other.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile("bestand.xlsx", output.getvalue())


def upload(data: bytes, name="bestand.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_xlsx_rows_under_their_header_with_references():
    table = sheet_input.read_upload(
        xlsx(
            [
                ["Titel", "Budget"],
                ["Buurtconciërge", 1234.5],
                [None, None],
                ["Moestuin", "1.234,50"],
            ]
        )
    )
    sheet = table.sheets["Blad1"]
    assert table.kind == "xlsx"
    assert sheet.header == ["Titel", "Budget"]
    assert [row.number for row in sheet.rows] == [2, 4]
    assert sheet.rows[0].get("Titel").text == "Buurtconciërge"
    assert sheet.rows[1].get("Budget").ref == "B4"
    assert sheet_input.parse_decimal(sheet.rows[1].get("Budget").raw) == Decimal("1234.50")


def test_every_sheet_is_read():
    table = sheet_input.read_upload(
        xlsx(
            [["Titel"], ["A"]],
            extra=("Werkzame bestanddelen", [["Rij", "Naam"], [2, "Vast gezicht"]]),
        )
    )
    assert set(table.sheets) == {"Blad1", "Werkzame bestanddelen"}
    assert table.sheets["Werkzame bestanddelen"].rows[0].get("Naam").text == "Vast gezicht"


def test_a_formula_is_marked_and_never_run():
    table = sheet_input.read_upload(
        xlsx([["Titel", "Link"], ["A", '=HYPERLINK("http://example.com","klik")']])
    )
    cell = table.sheets["Blad1"].rows[0].get("Link")
    assert cell.is_formula
    assert cell.raw.startswith("=HYPERLINK")
    csv_table = sheet_input.read_upload(upload(b'Titel;Link\nA;=HYPERLINK("x")\n'))
    assert csv_table.sheets["CSV"].rows[0].get("Link").is_formula
    assert not csv_table.sheets["CSV"].rows[0].get("Titel").is_formula


def test_text_that_starts_like_a_formula_as_our_exports_write_it_is_text():
    workbook = Workbook()
    workbook.active.append(["Titel", "Les"])
    workbook.active.append(["A", "=meer bewoners betrekken"])
    spreadsheets.keep_as_text(workbook.active["B2"])
    output = io.BytesIO()
    workbook.save(output)
    cell = sheet_input.read_upload(upload(output.getvalue())).sheets["Sheet"].rows[0].get("Les")
    assert not cell.is_formula
    assert cell.text == "=meer bewoners betrekken"
    text = spreadsheets.csv_text("=meer bewoners betrekken")
    csv_table = sheet_input.read_upload(upload(f"Titel;Les\nA;{text}\n".encode()))
    cell = csv_table.sheets["CSV"].rows[0].get("Les")
    assert not cell.is_formula
    assert cell.text == "=meer bewoners betrekken"


def test_merged_cells_are_refused_naming_the_range():
    with pytest.raises(SheetError, match=r"samengevoegde cellen.*A2:B2"):
        sheet_input.read_upload(xlsx([["Titel", "Budget"], ["A", None]], merge="A2:B2"))


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    big = upload(b"Titel;Tekst\n" + b"A;" + b"x" * (10 * 1024 * 1024) + b"\n")
    with pytest.raises(SheetError, match=r"10,0\sMB"):
        sheet_input.read_upload(big)


def test_too_many_rows_are_refused():
    data = "Titel\n" + "".join(f"Rij {number}\n" for number in range(50_000))
    with pytest.raises(SheetError, match="meer dan 10000 rijen"):
        sheet_input.read_upload(upload(data.encode()))
    assert len(sheet_input.read_upload(upload(data.encode()), max_rows=50_000).sheets["CSV"].rows)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20,
        b"%PDF-1.7\n" + bytes(range(256)) * 20,
        b"",
    ],
)
def test_a_file_that_is_no_spreadsheet_is_refused(data):
    with pytest.raises(SheetError):
        sheet_input.read_upload(upload(data, "foto.xlsx"))


def test_a_zip_that_is_no_workbook_and_a_damaged_workbook_are_refused():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as output:
        output.writestr("word/document.xml", "<x/>")
    with pytest.raises(SheetError, match="geen spreadsheet"):
        sheet_input.read_upload(upload(archive.getvalue(), "brief.xlsx"))
    good = xlsx([["Titel"], ["A"]]).read()
    with pytest.raises(SheetError, match="beschadigd"):
        sheet_input.read_upload(upload(good[: len(good) // 2], "half.xlsx"))


def test_old_excel_and_password_files_are_refused_with_what_to_do():
    with pytest.raises(SheetError, match=r"\.xlsx"):
        sheet_input.read_upload(upload(sheet_input.OLE_MAGIC + b"\x00" * 600, "oud.xls"))


@pytest.mark.parametrize(
    ("data", "delimiter_value"),
    [
        ("Titel;Wijk\nBuurtconciërge;Oost\n".encode(), "Oost"),
        ("\ufeffTitel;Wijk\nBuurtconciërge;Oost\n".encode(), "Oost"),
        ("Titel;Wijk\nBuurtconciërge;Oost\n".encode("cp1252"), "Oost"),
        ("Titel,Wijk\nBuurtconciërge,Oost\n".encode(), "Oost"),
    ],
)
def test_csv_in_dutch_excel_encodings_and_separators(data, delimiter_value):
    sheet = sheet_input.read_upload(upload(data)).sheets["CSV"]
    assert sheet.header == ["Titel", "Wijk"]
    assert sheet.rows[0].get("Titel").text == "Buurtconciërge"
    assert sheet.rows[0].get("Wijk").text == delimiter_value


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.234,50", "1234.50"),
        ("€ 1.234", "1234"),
        ("€1.234.567,89", "1234567.89"),
        ("1234,5", "1234.5"),
        ("-1.234", "-1234"),
        ("−32.790,17", "-32790.17"),
        ("1234.5", "1234.5"),
        ("0,5", "0.5"),
        (1234.5, "1234.5"),
        (12, "12"),
    ],
)
def test_numbers_as_typed(raw, expected):
    assert sheet_input.parse_decimal(raw) == Decimal(expected)


@pytest.mark.parametrize("raw", ["twaalf", "1,2,3", "1.23.4", "12,34.5", "", "1.2345,6", True])
def test_what_is_no_number_gets_a_message(raw):
    with pytest.raises(CellError, match="getal"):
        sheet_input.parse_decimal(raw)


def test_percentages_and_whole_numbers():
    assert sheet_input.parse_percentage("12,5%") == Decimal("12.5")
    assert sheet_input.parse_percentage(40) == Decimal(40)
    with pytest.raises(CellError, match="0 tot 100"):
        sheet_input.parse_percentage("120")
    assert sheet_input.parse_int("1.200") == 1200
    assert sheet_input.parse_int(12.0) == 12
    with pytest.raises(CellError, match="geheel getal"):
        sheet_input.parse_int("12,5")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1-3-2019", date(2019, 3, 1)),
        ("01-03-2019", date(2019, 3, 1)),
        ("1/3/2019", date(2019, 3, 1)),
        ("2019-03-01", date(2019, 3, 1)),
        ("1 maart 2019", date(2019, 3, 1)),
        ("maart 2019", date(2019, 3, 1)),
        ("Mrt 2019", date(2019, 3, 1)),
        (datetime(2019, 3, 1, 0, 0), date(2019, 3, 1)),
        (date(2019, 3, 1), date(2019, 3, 1)),
    ],
)
def test_dates_as_typed(raw, expected):
    assert sheet_input.parse_date(raw) == expected


def test_dates_that_cannot_be_read():
    with pytest.raises(CellError, match="bestaat niet"):
        sheet_input.parse_date("31-2-2019")
    with pytest.raises(CellError, match="1-3-2019"):
        sheet_input.parse_date("voorjaar 2019")


def test_lists_and_yes_no():
    assert sheet_input.parse_list(" Veiligheid ; Zorg;; ") == ["Veiligheid", "Zorg"]
    assert sheet_input.parse_list(None) == []
    assert sheet_input.parse_bool("Ja") is True
    assert sheet_input.parse_bool("x") is True
    assert sheet_input.parse_bool(None) is False
    with pytest.raises(CellError, match="ja"):
        sheet_input.parse_bool("misschien")


def test_near_misses_of_a_vocabulary_are_suggested():
    choices = {
        "huismeester": "Huismeester / complexbeheerder",
        "buurtbemiddeling": "Buurtbemiddeling",
        "schuldhulp": "Vroegsignalering schulden",
    }
    assert sheet_input.suggest("Huismeesters", choices)[0] == "Huismeester / complexbeheerder"
    assert sheet_input.suggest("buurtbemidelling", choices) == ["Buurtbemiddeling"]
    assert sheet_input.suggest("Kunst", choices) == []
    assert sheet_input.suggest("", choices) == []


def test_a_percentage_that_reads_two_ways_names_both():
    with pytest.raises(CellError, match="1234 zijn of 1,234"):
        sheet_input.parse_percentage("1.234")


def test_a_number_for_a_field_is_read_as_its_form_reads_it():
    amount = CostLine._meta.get_field("amount")
    deadweight = ValuedOutcome._meta.get_field("deadweight")
    assert sheet_input.parse_number_for(amount, "1.234") == Decimal("1234")
    assert sheet_input.parse_number_for(deadweight, "12,5") == Decimal("12.5")
    with pytest.raises(CellError, match="1234 zijn of 1,234"):
        sheet_input.parse_number_for(deadweight, "1.234")
