"""The pages a manager uses to connect other systems, by keyboard and without accessibility
faults: an API key made on the organisation page, the programme as a calendar feed, and the
upload of a monitoring file."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import InterventionFactory

pytestmark = pytest.mark.browser


def test_a_manager_makes_a_key_and_a_calendar_address_by_keyboard(page, manager_a, partner_a):
    sign_in(page, manager_a)

    page.goto(f"/organisaties/{partner_a.slug}/api-sleutels/")
    assert_accessible(page)
    name = page.get_by_label("Naam")
    name.focus()
    page.keyboard.type("Intranet")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Kopieer de sleutel nu")).to_be_visible()
    token = page.locator("code.api-token").inner_text()
    assert token.startswith("wwidw_")
    assert_accessible(page)
    page.reload()
    expect(page.get_by_text(token)).to_have_count(0)  # shown once

    page.goto("/bijeenkomsten/agenda-abonneren/")
    assert_accessible(page)
    button = page.get_by_role("button", name="Maak mijn agenda-adres")
    button.focus()
    page.keyboard.press("Enter")
    address = page.get_by_label("Of kopieer dit adres naar je agenda")
    expect(address).to_have_value(re.compile(r"^http://.+/bijeenkomsten/agenda/.+\.ics$"))
    assert_accessible(page)


def test_the_monitoring_import_page_is_accessible(page, manager_a, partner_a):
    intervention = InterventionFactory(organisation=partner_a, created_by=manager_a)
    sign_in(page, manager_a)
    page.goto(f"/monitoring/{intervention.pk}/importeren/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
