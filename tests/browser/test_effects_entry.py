"""Acceptance: a member records an effect indicator with a nulmeting, a target, a comparison area
and two measurements, and reads right after saving what changed, in words, and in the PDF."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from interventions.models import Effect, IntendedEffect
from monitoring.models import StandardIndicator
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import MonitoringPlanFactory

pytestmark = pytest.mark.browser
SAVED = "Opgeslagen. De samenvatting toont nu de nieuwe cijfers."


def _save(page) -> None:
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_role("status").filter(has_text=SAVED)).to_be_visible()


def test_member_records_an_indicator_and_reads_the_change_in_words(page, member_a, shared_a):
    safety = Effect.objects.get(code="VE.03")
    IntendedEffect.objects.create(intervention=shared_a, effect=safety)
    # As in the starter library of the migrations.
    StandardIndicator.objects.get_or_create(
        effect=safety,
        name="% bewoners dat zich veilig voelt in de buurt",
        defaults={"scale": "procent", "unit": "%", "direction": "hoger", "method": "enquete"},
    )
    MonitoringPlanFactory(intervention=shared_a)
    sign_in(page, member_a)
    page.goto(shared_a.get_absolute_url())
    page.get_by_role("link", name="Monitoring", exact=True).click()
    page.get_by_role("navigation", name="Onderdelen van de monitoring").get_by_role(
        "link", name="Effecten"
    ).click()
    expect(page.get_by_role("heading", name="Nog nooit een effect gemeten?")).to_be_visible()
    # The heading shows before the script at the end of the page has run: a choice made in
    # between would fill in nothing.
    page.wait_for_load_state()

    indicator = page.get_by_role("group", name="Effectindicator 1")
    # The standard indicator fills in its effect, name, kind of number, unit and method.
    indicator.get_by_label("Standaardindicator").select_option(
        label="VE.03 · % bewoners dat zich veilig voelt in de buurt"
    )
    expect(indicator.get_by_label("Indicator", exact=True)).to_have_value(
        "% bewoners dat zich veilig voelt in de buurt"
    )
    expect(indicator.get_by_label("Beoogd effect")).to_have_value(str(safety.pk))
    expect(indicator.get_by_label("Methode")).to_have_value("enquete")
    indicator.get_by_label("Nulmeting", exact=True).fill("62")
    indicator.get_by_label("Datum van de nulmeting").fill("2018-03-01")
    indicator.get_by_label("Doel", exact=True).fill("70")
    indicator.get_by_label("Streefdatum").fill("2021-03-01")
    indicator.get_by_label("Vergelijkingsgebied", exact=True).fill("Rotterdam")
    indicator.get_by_label("Vergelijkingsgebied bij de nulmeting").fill("61")
    _save(page)
    expect(page.get_by_text("Nog niet gemeten", exact=True)).to_be_visible()

    for number, (date, value, city) in enumerate(
        [("2019-03-01", "66", "62"), ("2020-03-01", "68,5", "63")], start=1
    ):
        measurement = page.get_by_role("group", name=f"Meting {number}")
        measurement.get_by_label("Effectindicator").select_option(
            label="% bewoners dat zich veilig voelt in de buurt (VE.03)"
        )
        # "Datum*": required; the comparison value's label says "datum" in lower case.
        measurement.get_by_label(re.compile("Datum")).fill(date)
        measurement.get_by_label("Waarde").fill(value)
        measurement.get_by_label("Respondenten").fill("400")
        measurement.get_by_label("Vergelijkingsgebied op deze datum").fill(city)
    _save(page)

    results = page.get_by_role("region", name="Wat de metingen zeggen")
    expect(results).to_contain_text("6,5 procentpunt beter dan de nulmeting; 81 % van het doel")
    expect(results).to_contain_text("netto 4,5 procentpunt beter dan het vergelijkingsgebied")
    expect(results).to_contain_text("verbeterd")
    assert_accessible(page)

    # The monitoring report says the same.
    page.get_by_role("link", name="Overzicht").first.click()
    pdf_href = page.get_by_role("link", name="Rapportage downloaden (pdf)").get_attribute("href")
    response = page.request.get(pdf_href)
    assert response.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    text = " ".join(text.split())
    assert "6,5 procentpunt beter dan de nulmeting; 81 % van het doel" in text
    assert "netto 4,5 procentpunt beter dan het vergelijkingsgebied" in text
