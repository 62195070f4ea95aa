import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in, sign_in
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser

NAVIGATION = [
    ("Kennisbank", "Kennisbank"),
    ("Archetypen", "Archetypen"),
    ("Bijeenkomsten", "Bijeenkomsten"),
    ("Mijn organisatie", "Woonstichting De Maasoever"),
]


def test_the_anonymous_home_page_leads_to_the_login_page(page, db):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat werkt in de wijk")
    page.get_by_role("main").get_by_role("link", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")


def test_member_logs_in_and_opens_every_navigation_page(page, member_a):
    log_in(page, member_a.email, TEST_PASSWORD)
    expect(page.get_by_role("heading", name="Welkom, Youssef")).to_be_visible()
    assert_accessible(page)

    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link", name="Beheer")).to_have_count(0)
    for label, heading in NAVIGATION:
        menu.get_by_role("link", name=label).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(menu.get_by_role("link", name=label)).to_have_attribute("aria-current", "page")
        assert_accessible(page)


def test_wrong_password_shows_a_message_next_to_the_form(page, member_a):
    log_in(page, member_a.email, "een-fout-wachtwoord")
    expect(page.get_by_text("Dit e-mailadres en wachtwoord horen niet bij elkaar")).to_be_visible()
    expect(page.get_by_label("E-mailadres")).to_have_value(member_a.email)
    assert_accessible(page)


def test_programme_staff_reach_the_administration(page, programme_staff):
    log_in(page, programme_staff.email, TEST_PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Beheer").click()
    expect(page.get_by_role("heading", name="Programmabureau")).to_be_visible()
    expect(page.get_by_role("link", name="Partnerorganisaties")).to_be_visible()


def test_menu_folds_on_a_phone_and_opens_with_the_button(page, member_a):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, member_a)
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link", name="Kennisbank")).to_be_hidden()
    menu.get_by_role("button", name="Menu tonen").click()
    expect(menu.get_by_role("link", name="Kennisbank")).to_be_visible()
    assert_accessible(page)


def test_language_switch_to_english_and_back(page, member_a):
    sign_in(page, member_a)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Kennisbank").click()
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Knowledge base")
    page.get_by_role("button", name="Nederlands").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kennisbank")


def test_logging_out_returns_to_the_public_home_page(page, member_a):
    sign_in(page, member_a)
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("main").get_by_role("link", name="Inloggen")).to_be_visible()
    page.goto("/kennisbank/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
