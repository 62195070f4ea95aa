"""Exports of the knowledge base list: the same filters and visibility as the page."""

import csv
import datetime
import decimal
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from interventions import exports
from tests.interventions.test_list import draft, publish

CSV_URL = reverse("interventions:export_csv")
XLSX_URL = reverse("interventions:export_xlsx")
LIST_URL = reverse("interventions:list")


def read_csv(response) -> list[dict[str, str]]:
    raw = b"".join(response.streaming_content).decode("utf-8")
    assert raw.startswith("\ufeff"), "a byte order mark, so Excel reads UTF-8"
    return list(csv.DictReader(io.StringIO(raw[1:]), delimiter=";"))


def read_xlsx(response) -> list[dict]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["Beschrijvingen"]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture
def world(partner_a, partner_b, member_a, member_b, shared_a, internal_a, concept_a):
    """What member A may export, and what of partner B never shows."""
    shared_b = publish(
        partner_b,
        member_b,
        title="Buurtbemiddeling Transvaal",
        types=["buurtbemiddeling"],
        municipality="Den Haag",
        total_budget=decimal.Decimal("45250.50"),
        summary='=HYPERLINK("http://example.com") kosten',
    )
    draft(partner_b, member_b, title="Geheim concept van Hofstad")
    publish(partner_b, member_b, visibility="organisatie", title="Interne Hofstad aanpak")
    return shared_b


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_csv_holds_what_the_list_shows(client, member_a, world, shared_a, internal_a):
    client.force_login(member_a)
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="kennisbank-{today}.csv"'
    rows = read_csv(response)
    assert {row["Titel"] for row in rows} == {shared_a.title, internal_a.title, world.title}
    row = next(row for row in rows if row["Titel"] == world.title)
    assert row["ID"] == str(world.pk)
    assert row["Eigenaar-organisatie"] == "Hofstad Woonkracht"
    assert row["Status"] == "gepubliceerd"
    assert row["Interventietypen"] == "Buurtbemiddeling"
    assert row["Gemeente"] == "Den Haag"
    assert row["Startdatum"] == "2024-01-01"
    assert row["Totale begroting (€)"] == "45250,50"
    # A formula is written as text, so a spreadsheet never runs it.
    assert row["Samenvatting"] == '\'=HYPERLINK("http://example.com") kosten'
    assert row["Link"] == f"http://testserver{world.get_absolute_url()}"


def test_csv_uses_the_filters_of_the_list(client, member_a, world):
    client.force_login(member_a)
    response = client.get(CSV_URL, {"type": "buurtbemiddeling", "page": "3"})
    assert [row["Titel"] for row in read_csv(response)] == [world.title]
    searched = client.get(CSV_URL, {"q": "bemiddeling transvaal"})
    assert [row["Titel"] for row in read_csv(searched)] == [world.title]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status": "concept"},
        {"status": "gearchiveerd"},
        {"organisatie": "hofstad", "status": "concept"},
        {"q": "geheim"},
        {"q": "hofstad"},
    ],
)
def test_exports_never_hold_another_partners_draft_or_internal(client, member_a, world, params):
    client.force_login(member_a)
    csv_titles = {row["Titel"] for row in read_csv(client.get(CSV_URL, params))}
    xlsx_titles = {row["Titel"] for row in read_xlsx(client.get(XLSX_URL, params))}
    for exported in (csv_titles, xlsx_titles):
        assert "Geheim concept van Hofstad" not in exported
        assert "Interne Hofstad aanpak" not in exported


def test_own_drafts_export_with_the_status_filter(client, member_a, world, concept_a):
    client.force_login(member_a)
    rows = read_csv(client.get(CSV_URL, {"status": "concept"}))
    assert [row["Titel"] for row in rows] == [concept_a.title]
    assert rows[0]["Status"] == "concept"


def test_xlsx_holds_typed_values(client, member_a, world, shared_a, internal_a):
    client.force_login(member_a)
    response = client.get(XLSX_URL, {"sort": "titel"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="kennisbank-{today}.xlsx"'
    rows = read_xlsx(response)
    assert [row["Titel"] for row in rows] == sorted(
        [shared_a.title, internal_a.title, world.title]
    )
    row = next(row for row in rows if row["Titel"] == world.title)
    assert row["Startdatum"] == datetime.datetime(2024, 1, 1)
    assert row["Totale begroting (€)"] == 45250.5
    assert row["Volledigheid (%)"] == world.completeness
    assert row["Samenvatting"] == '=HYPERLINK("http://example.com") kosten'
    assert isinstance(row["Bijgewerkt op"], datetime.datetime)


def test_an_empty_result_exports_only_the_header(client, member_a, world):
    client.force_login(member_a)
    assert read_csv(client.get(CSV_URL, {"q": "zwembad"})) == []
    assert read_xlsx(client.get(XLSX_URL, {"q": "zwembad"})) == []


def test_a_list_too_long_for_excel_goes_back_with_a_message(client, member_a, world, monkeypatch):
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 2)
    client.force_login(member_a)
    response = client.get(XLSX_URL, {"thema": "leefbaarheid"}, follow=True)
    assert response.redirect_chain == [(f"{LIST_URL}?thema=leefbaarheid", 302)]
    assert "Deze lijst is te lang voor Excel (meer dan 2 beschrijvingen)" in (
        response.content.decode()
    )
    narrowed = client.get(XLSX_URL, {"type": "buurtbemiddeling"})
    assert [row["Titel"] for row in read_xlsx(narrowed)] == [world.title]


def test_control_characters_of_old_data_leave_a_readable_export(client, member_a, partner_a):
    """Text stored before the forms refused control characters: a vertical tab (Word's soft
    line break) and other C0 characters made openpyxl refuse to write the whole workbook."""
    publish(partner_a, member_a, title="Buurt\x08kracht", municipality="Rotter\x0cdam")
    publish(partner_a, member_a, title="=1+1\x01")
    client.force_login(member_a)
    response = client.get(XLSX_URL, {"sort": "titel"})
    assert response.status_code == 200
    rows = read_xlsx(response)
    assert [row["Titel"] for row in rows] == ["=1+1", "Buurtkracht"]
    assert rows[1]["Gemeente"] == "Rotter\ndam"
    csv_rows = read_csv(client.get(CSV_URL, {"sort": "titel"}))
    assert [row["Titel"] for row in csv_rows] == ["'=1+1", "Buurtkracht"]


def test_export_cells_keep_line_breaks_and_lose_control_characters(client, member_a, partner_a):
    publish(
        partner_a,
        member_a,
        title="Huismeester\x0bOude Westen",
        summary="Regel een\nregel twee\x0b\x01\x1bregel drie\tmet tab",
    )
    client.force_login(member_a)
    response = client.get(XLSX_URL)
    assert response.status_code == 200
    (row,) = read_xlsx(response)
    assert row["Titel"] == "Huismeester\nOude Westen"
    assert row["Samenvatting"] == "Regel een\nregel twee\nregel drie\tmet tab"
    (csv_row,) = read_csv(client.get(CSV_URL))
    assert csv_row["Samenvatting"] == "Regel een\nregel twee\nregel drie\tmet tab"
