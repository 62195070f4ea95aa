"""What people upload when they import descriptions: every kind of bad file gets a message,
never a server error, and nothing is written that the file did not rightly hold."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from interventions import imports
from interventions.models import DescriptionImport, Intervention
from tests.interventions.test_imports import (
    ROW,
    description_rows,
    errors_of,
    last_import,
    upload,
    xlsx_file,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200


@pytest.fixture
def signed_in(client, member_a):
    client.force_login(member_a)
    return client


def refused(response) -> str:
    """The message next to the file field; nothing was kept or written."""
    assert response.status_code == 200
    assert not DescriptionImport.objects.exists()
    assert not Intervention.objects.exists()
    return " ".join(response.context["form"].errors["file"])


def run(client) -> DescriptionImport:
    client.post(reverse("interventions:import_run", args=[last_import().pk]))
    return last_import()


def test_a_formula_is_not_imported(signed_in, partner_a):
    row = ["HM-1", '=HYPERLINK("http://example.com","Klik")', "", "", ""]
    upload(signed_in, xlsx_file(description_rows(row)), partner_a)
    (problem,) = errors_of(last_import())
    assert problem["ref"] == "B2"
    assert "formule" in problem["message"].lower() or "formula" in problem["message"].lower()
    assert run(signed_in).status == DescriptionImport.Status.CHECKED
    assert not Intervention.objects.exists()


def test_a_formula_in_a_csv_is_not_imported(signed_in, partner_a):
    text = "Titel;Samenvatting\r\nGoed;=1+1\r\n"
    upload(signed_in, SimpleUploadedFile("a.csv", text.encode()), partner_a)
    (problem,) = errors_of(last_import())
    assert problem["ref"] == "B2"


def test_a_file_of_10_mb_is_refused(signed_in, partner_a):
    content = ("Titel\r\n" + "x" * 100 + "\r\n") * (10 * 1024 * 1024 // 107)
    response = upload(signed_in, SimpleUploadedFile("groot.csv", content.encode()), partner_a)
    assert "MB" in refused(response)


def test_a_file_of_50000_rows_is_refused(signed_in, partner_a):
    content = "Titel\r\n" + "".join(f"Project {number}\r\n" for number in range(50_000))
    response = upload(signed_in, SimpleUploadedFile("veel.csv", content.encode()), partner_a)
    assert "10000" in refused(response).replace(".", "")


def test_a_picture_renamed_to_xlsx_is_refused(signed_in, partner_a):
    response = upload(signed_in, SimpleUploadedFile("foto.xlsx", PNG), partner_a)
    assert refused(response)


def test_merged_cells_are_refused_with_their_range(signed_in, partner_a):
    book = Workbook()
    sheet = book.active
    sheet.title = imports.MAIN_SHEET
    sheet.append(["Titel", "Samenvatting"])
    sheet.append(["Samengevoegd", ""])
    sheet.merge_cells("A2:B2")
    output = io.BytesIO()
    book.save(output)
    response = upload(signed_in, SimpleUploadedFile("m.xlsx", output.getvalue()), partner_a)
    assert "A2:B2" in refused(response)


@pytest.mark.parametrize(
    ("typed", "expected"), [("1-3-2019", "2019-03-01"), ("maart 2019", "2019-03-01")]
)
def test_dates_typed_as_text_are_read(signed_in, partner_a, typed, expected):
    row = ["HM-1", "Huismeester", "", "", typed]
    upload(signed_in, xlsx_file(description_rows(row)), partner_a)
    assert errors_of(last_import()) == []
    run(signed_in)
    assert Intervention.objects.get().start_date.isoformat() == expected


def test_a_date_that_cannot_be_read_gets_a_message(signed_in, partner_a):
    row = ["HM-1", "Huismeester", "", "", "ergens in 2019"]
    upload(signed_in, xlsx_file(description_rows(row)), partner_a)
    (problem,) = errors_of(last_import())
    assert (problem["ref"], problem["column"]) == ("E2", "Startdatum")


def test_a_number_with_thousands_dots_is_read(signed_in, partner_a):
    sheets = description_rows(ROW)
    sheets[imports.MAIN_SHEET][0] += ["Omvang doelgroep", "Inzet (fte)"]
    sheets[imports.MAIN_SHEET][1] += ["", "1.200", "1,5"]
    upload(signed_in, xlsx_file(sheets), partner_a)
    assert errors_of(last_import()) == []
    run(signed_in)
    intervention = Intervention.objects.get()
    assert (intervention.target_group_size, str(intervention.fte)) == (1200, "1.50")


def test_an_unknown_theme_gets_its_nearest_names(signed_in, partner_a):
    sheets = description_rows(ROW)
    sheets[imports.MAIN_SHEET][0].append("Thema's")
    sheets[imports.MAIN_SHEET][1] += ["", "Leefbaarheid; Veiligheidd"]
    upload(signed_in, xlsx_file(sheets), partner_a)
    (problem,) = errors_of(last_import())
    assert "Veiligheidd" in problem["message"]
    assert problem["suggestions"][0] == "Veiligheid"


def test_a_duplicate_external_reference_in_the_file_is_an_error_on_both_rows(signed_in, partner_a):
    rows = description_rows(ROW, ["HM-1", "Nog een", "", "", ""], ["HM-2", "Ander", "", "", ""])
    upload(signed_in, xlsx_file(rows), partner_a)
    result = {row["number"]: row["action"] for row in last_import().preview["rows"]}
    assert result == {2: "error", 3: "error", 4: "create"}
    run(signed_in)
    assert list(Intervention.objects.values_list("external_reference", flat=True)) == ["HM-2"]


def test_a_part_naming_no_description_blocks_the_import(signed_in, partner_a):
    sheets = description_rows(ROW)
    sheets["Werkzame bestanddelen"] = [["Beschrijving", "Naam"], ["HM-9", "Vast gezicht"]]
    upload(signed_in, xlsx_file(sheets), partner_a)
    description_import = last_import()
    assert description_import.preview["problems"][0]["sheet"] == "Werkzame bestanddelen"
    assert not description_import.preview["can_import"]
    assert run(signed_in).status == DescriptionImport.Status.CHECKED
    assert not Intervention.objects.exists()


def test_a_workbook_without_the_main_sheet_gets_a_message(signed_in, partner_a):
    upload(signed_in, xlsx_file({"Blad1": [["Titel"], ["Iets"]]}), partner_a)
    assert "Beschrijvingen" in last_import().preview["problems"][0]["message"]


CSV_TEXT = (
    "Extern kenmerk;Titel;Samenvatting;Gemeente(n)\r\n"
    "K-1;Café in de wijk;Één keer per week;Den Haag\r\n"
)


@pytest.mark.parametrize(
    "content",
    [CSV_TEXT.encode("cp1252"), b"\xef\xbb\xbf" + CSV_TEXT.encode("utf-8")],
    ids=["windows-1252", "utf-8-bom"],
)
def test_a_csv_in_windows_1252_or_utf8_with_bom(signed_in, partner_a, content):
    upload(signed_in, SimpleUploadedFile("lijst.csv", content), partner_a)
    assert errors_of(last_import()) == []
    run(signed_in)
    intervention = Intervention.objects.get()
    assert (intervention.external_reference, intervention.title) == ("K-1", "Café in de wijk")
    assert intervention.summary == "Één keer per week"


def test_a_large_file_is_checked_and_imported_by_the_task(
    signed_in, partner_a, monkeypatch, database_tasks
):
    monkeypatch.setattr(imports, "TASK_ROWS", 1)
    rows = description_rows(ROW, ["HM-2", "Tweede", "", "", ""])
    upload(signed_in, xlsx_file(rows), partner_a)
    description_import = last_import()
    assert description_import.status == DescriptionImport.Status.CHECKING
    url = description_import.get_absolute_url()
    state = signed_in.get(url, headers={"accept": "application/json"}).json()
    assert state == {"state": "controleren", "running": True, "progress": 0}
    page = signed_in.get(reverse("interventions:import_list")).content.decode()
    assert url in page
    assert database_tasks() == 1
    assert last_import().preview["counts"]["create"] == 2
    signed_in.post(reverse("interventions:import_run", args=[description_import.pk]))
    assert last_import().status == DescriptionImport.Status.IMPORTING
    assert database_tasks() == 1
    description_import = last_import()
    assert (description_import.status, description_import.created_count) == ("geimporteerd", 2)
    state = signed_in.get(url, headers={"accept": "application/json"}).json()
    assert state == {"state": "geimporteerd", "running": False, "progress": 100}
    assert Intervention.objects.count() == 2
