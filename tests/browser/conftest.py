"""Real-browser tests: Playwright drives the system Chromium against the live test server."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Flags for a headless Chromium on a machine without a network beyond loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the test code itself stays
    # synchronous, so Django's guard against database use from async code does not apply.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message + ", and REQUIRE_BROWSER is set")
        pytest.skip(message + "; set REQUIRE_BROWSER=1 to make this a failure")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(autouse=True)
def _reference_data(reference_data):
    """A live-server test starts from the data the migrations made (tests/migrated_state.py)."""


@pytest.fixture(autouse=True)
def _staff_without_second_step(settings):
    """The browser logs programme staff in with a password, as the demo does; the second login
    step has its own tests in tests/wwidw/test_two_factor.py."""
    settings.WWIDW_REQUIRE_STAFF_MFA = False


@pytest.fixture
def page_errors() -> list[str]:
    return []


# The live server's address, for the cookie of `sign_in`.
_live_server_url = {}


@pytest.fixture
def page(browser, live_server, page_errors):
    """A fresh Dutch browser tab on the live server; console errors (CSP too) are collected."""
    _live_server_url["url"] = live_server.url
    # An English browser, as on many work laptops: the site must still speak Dutch.
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    page.on(
        "console", lambda message: message.type == "error" and page_errors.append(message.text)
    )
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    yield page
    context.close()
    assert page_errors == [], "the browser reported errors"


def assert_accessible(page) -> None:
    """axe-core finds no serious or critical violation on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = [
        violation
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert violations == [], f"{page.url}:\n{results.generate_report()}"


def log_in(page, email: str, password: str) -> None:
    """Log in through the login page, as a person does."""
    page.goto("/account/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def sign_in(page, user) -> None:
    """Sign `user` in with a session cookie, as a login leaves it, and open the start page where
    a login lands: for journeys that begin after the login. The login page itself is driven by
    test_navigation.py, test_keyboard.py, test_questions.py and test_accessibility.py."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": _live_server_url["url"]}]
    )
    page.goto("/")
