"""Acceptance: a member enters the monitoring of a description, sees the ratio and downloads the
report, whose text holds the figures entered."""

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser
SAVED = "Opgeslagen. De samenvatting toont nu de nieuwe cijfers."


def _open_tab(page, name: str) -> None:
    page.get_by_role("navigation", name="Onderdelen van de monitoring").get_by_role(
        "link", name=name
    ).click()


def _save(page) -> None:
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_role("status").filter(has_text=SAVED)).to_be_visible()


def _enter_period(page) -> None:
    _open_tab(page, "Periodes")
    row = page.get_by_role("group", name="Periode 1")
    row.get_by_label("Naam").fill("2024")
    row.get_by_label("Eerste dag").fill("2024-01-01")
    row.get_by_label("Laatste dag").fill("2024-12-31")
    _save(page)


def _enter_costs(page) -> None:
    _open_tab(page, "Kosten")
    staff = page.get_by_role("group", name="Kostenpost 1")
    staff.get_by_label("Periode").select_option(label="2024")
    staff.get_by_label("Categorie").select_option(label="eigen personeel (uren × tarief)")
    staff.get_by_label("Beschrijving").fill("Huismeester")
    staff.get_by_label("Uren", exact=True).fill("1560")
    staff.get_by_label("Uurtarief (€)").fill("42")
    materials = page.get_by_role("group", name="Kostenpost 2")
    materials.get_by_label("Periode").select_option(label="2024")
    materials.get_by_label("Categorie").select_option(label="materiaal")
    materials.get_by_label("Bedrag (€)").fill("5000")
    _save(page)
    summary = page.get_by_role("region", name="Samenvatting")
    expect(summary).to_contain_text("€ 70.520,00")


def _enter_result(page) -> None:
    _open_tab(page, "Resultaten")
    result = page.get_by_role("group", name="Resultaat 1")
    result.get_by_label("Resultaat").fill("Huisbezoeken")
    result.get_by_label("Eenheid").fill("bezoeken")
    result.get_by_label("Doel (totaal)").fill("100")
    _save(page)
    value = page.get_by_role("group", name="Waarde 1")
    value.get_by_label("Resultaat").select_option(label="Huisbezoeken (bezoeken)")
    value.get_by_label("Periode").select_option(label="2024")
    value.get_by_label("Doel", exact=True).fill("100")
    value.get_by_label("Gerealiseerd").fill("80")
    _save(page)


def _enter_outcome(page) -> None:
    _open_tab(page, "Maatschappelijke waarde")
    outcome = page.get_by_role("group", name="Effect 1")
    outcome.get_by_label("Wat verandert").fill("Voorkomen ontruimingen")
    outcome.get_by_label("Voor wie").fill("Corporatie")
    outcome.get_by_label("Aantal").fill("30")
    outcome.get_by_label("Waarde per eenheid (€)").fill("3000")
    outcome.get_by_label("Deadweight (%)").fill("30")
    outcome.get_by_label("Attributie (%)").fill("40")
    _save(page)


def test_member_enters_monitoring_sees_the_ratio_and_downloads_the_report(
    page, member_a, shared_a
):
    sign_in(page, member_a)
    page.goto(shared_a.get_absolute_url())
    page.get_by_role("link", name="Monitoring", exact=True).click()
    page.get_by_role("button", name="Monitoring beginnen").click()
    no_costs = "Niet te bepalen: er zijn nog geen kosten vastgelegd."
    expect(page.get_by_role("region", name="Samenvatting")).to_contain_text(no_costs)

    _enter_period(page)
    _enter_costs(page)
    _enter_result(page)
    _enter_outcome(page)
    assert_accessible(page)

    _open_tab(page, "Overzicht")
    # 30 × 3000 × 0.7 × 0.6 = 37,800, discounted one year at 3.5 %: 36,521.74 for 70,520.
    summary = page.get_by_role("region", name="Samenvatting")
    expect(summary).to_contain_text("0,52 : 1")
    expect(page.get_by_role("cell", name="80%")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Rapportage downloaden (pdf)").click()
    pdf = PdfReader(download.value.path())
    text = " ".join(page_.extract_text() for page_ in pdf.pages)
    for figure in ["70.520", "65.520", "0,52 : 1", "Huisbezoeken", "Voorkomen ontruimingen"]:
        assert figure in text, figure
