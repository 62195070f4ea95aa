import pytest
from playwright.sync_api import expect

from interventions.models import Intervention
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_member_writes_a_new_description(page, member_a):
    sign_in(page, member_a)
    page.goto("/kennisbank/nieuw/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe beschrijving")
    navigation = page.get_by_role("navigation", name="Onderdelen van de beschrijving")
    expect(navigation.get_by_role("link", name="5. Veronderstellingen")).to_be_visible()
    completeness_before = page.locator("#completeness-label").inner_text()

    # The first section, with the end date before the start date.
    page.get_by_label("Titel").fill("Huismeester in de portiekflats van Pendrecht")
    page.get_by_label("Samenvatting").fill("Een vaste huismeester is dagelijks aanwezig.")
    page.get_by_label("Startdatum").fill("2025-06-01")
    page.get_by_label("Einddatum").fill("2025-01-01")
    page.get_by_role("button", name="Opslaan als concept").first.click()

    expect(page.get_by_text("De einddatum ligt vóór de startdatum")).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value(
        "Huismeester in de portiekflats van Pendrecht"
    )
    expect(page.get_by_label("Samenvatting")).to_have_value(
        "Een vaste huismeester is dagelijks aanwezig."
    )
    expect(navigation.get_by_role("link", name="1. Basisgegevens")).to_contain_text("controleren")
    assert not Intervention.objects.exists()
    assert_accessible(page)

    # Repair the date and write a chain of two steps; the second row comes from the button.
    page.get_by_label("Einddatum").fill("2025-12-31")
    steps = page.locator('[data-formset="theory_steps"]')
    rows = steps.locator("[data-formset-row]")
    rows.nth(0).get_by_label("Als …").fill("de huismeester dagelijks in de portieken is")
    rows.nth(0).get_by_label("dan …").fill("worden overlast en vervuiling eerder gezien")
    steps.get_by_role("button", name="Stap toevoegen").click()
    expect(rows).to_have_count(2)
    expect(steps.get_by_role("group", name="Stap 2")).to_be_visible()
    expect(rows.nth(1).get_by_label("Stapnummer")).to_have_value("2")
    rows.nth(1).get_by_label("Als …").fill("overlast snel wordt aangepakt")
    rows.nth(1).get_by_label("dan …").fill("stijgt de woontevredenheid")
    page.get_by_role("button", name="Opslaan als concept").last.click()

    expect(page.get_by_text("Opgeslagen.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beschrijving bewerken")
    expect(page.locator("#completeness-label")).not_to_have_text(completeness_before)
    expect(
        navigation.get_by_role("link", name="5. Veronderstellingen").get_by_text("compleet")
    ).to_have_count(0)
    intervention = Intervention.objects.get()
    assert intervention.organisation.name == "Woonstichting De Maasoever"
    chain = intervention.theory_steps.order_by("position")
    assert [(step.position, step.if_text) for step in chain] == [
        (1, "de huismeester dagelijks in de portieken is"),
        (2, "overlast snel wordt aangepakt"),
    ]
    assert_accessible(page)
