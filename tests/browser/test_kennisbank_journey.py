"""The knowledge base end to end: write, publish, find, read as PDF, restore from the history."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from interventions.models import Intervention
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

TITLE = "Huismeester in de portiekflats van Pendrecht"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def fill_section_one(page) -> None:
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Samenvatting").fill(
        "Een vaste huismeester is dagelijks aanwezig en kent elke woning in het complex."
    )
    page.get_by_label("Fase").select_option(label="in uitvoering")
    page.get_by_label("Startdatum").fill("2025-06-01")
    page.get_by_label("Einddatum").fill("2025-01-01")  # before the start: an error
    page.get_by_label("Gemeente").fill("Rotterdam")
    page.get_by_label("Huismeester / complexbeheerder").check()
    page.get_by_label("Leefbaarheid", exact=True).check()


def fill_other_sections(page) -> None:
    page.get_by_label("Aanleiding").fill("Klachten over vervuiling en overlast in de portieken.")
    page.get_by_label("Probleemanalyse").fill("Huurders voelen zich onveilig in hun portiek.")
    page.get_by_label("Huurders van een complex").check()
    page.get_by_label("Hoofddoel").fill("Schone, veilige portieken en tevreden huurders.")
    effects = page.locator('[data-formset="intended_effects"] [data-formset-row]').first
    effects.get_by_label("Effect").select_option(label="VE.01 Minder woonoverlast")
    page.get_by_label("Aanpak", exact=True).fill("De huismeester loopt elke ochtend een ronde.")
    activities = page.locator('[data-formset="activities"] [data-formset-row]').first
    activities.get_by_label("Naam").fill("Dagelijkse ronde")
    steps = page.locator('[data-formset="theory_steps"] [data-formset-row]').first
    steps.get_by_label("Als …").fill("de huismeester dagelijks in de portieken is")
    steps.get_by_label("dan …").fill("worden overlast en vervuiling eerder gezien")
    ingredients = page.locator('[data-formset="active_ingredients"] [data-formset-row]').first
    ingredients.get_by_label("Naam").fill("Een vast gezicht")
    page.get_by_label("Totale begroting (€)").fill("72000")


def save(page) -> None:
    page.get_by_role("button", name="Opslaan als concept").last.click()


def test_member_writes_publishes_finds_prints_and_restores(page, member_a):
    sign_in(page, member_a)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Kennisbank").click()
    page.get_by_role("link", name="Nieuwe beschrijving").click()

    # Section by section; the reversed dates come back with everything typed still there.
    fill_section_one(page)
    save(page)
    expect(page.get_by_text("De einddatum ligt vóór de startdatum")).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value(TITLE)
    expect(page.get_by_label("Gemeente")).to_have_value("Rotterdam")
    page.get_by_label("Einddatum").fill("2026-12-31")
    save(page)
    expect(page.get_by_text("Opgeslagen.")).to_be_visible()
    fill_other_sections(page)
    save(page)
    expect(page.get_by_text("Opgeslagen.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Publiceren").click()
    intervention = Intervention.objects.get(title=TITLE)
    assert intervention.is_published

    # Found by a Dutch word in another inflection: "woningen" finds "woning".
    page.goto("/kennisbank/?q=woningen")
    result = page.get_by_role("link", name=TITLE)
    expect(result).to_be_visible()
    expect(page.locator("mark", has_text="woning").first).to_be_visible()
    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    # The PDF carries the description.
    pdf_href = page.get_by_role("link", name="Downloaden als pdf").get_attribute("href")
    response = page.request.get(pdf_href)
    assert response.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert TITLE in text.replace("\n", " ")

    # A later change (version 4), then version 3 (as published) put back from the history.
    page.goto(f"/kennisbank/{intervention.pk}/bewerken/")
    page.get_by_label("Titel").fill(f"{TITLE} (oud)")
    page.get_by_role("button", name="Opslaan").last.click()
    expect(page.get_by_text("Opgeslagen.")).to_be_visible()
    page.goto(intervention.get_absolute_url())
    page.get_by_role("link", name="Geschiedenis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Geschiedenis")
    page.get_by_role("button", name="Versie 3 terugzetten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    intervention.refresh_from_db()
    assert intervention.title == TITLE
    assert intervention.is_published
