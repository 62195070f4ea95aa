"""Every page of the site, and every page of the administration that programme staff use, has
no serious or critical fault that axe-core finds. The pages are those of tests/pages.py, which
fails on a new URL that is in neither of its lists; each role logs in once and opens its pages
in one tab. The site and the administration are two tests, so two workers can share them."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests import pages
from tests.browser.conftest import log_in
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser
SERIOUS = {"serious", "critical"}
# A laptop's width, at which wide tables scroll.
VIEWPORT = {"width": 1024, "height": 768}


@pytest.fixture
def world(partner_a, member_a, manager_a, shared_a, concept_a) -> dict:
    return pages.make_world(
        partner_a=partner_a,
        member_a=member_a,
        manager_a=manager_a,
        shared_a=shared_a,
        concept_a=concept_a,
    )


def _faults(page) -> list[str]:
    results = page.evaluate("axe.run({resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}: "
        + " | ".join(node["html"][:160] for node in violation["nodes"][:3])
        for violation in results["violations"]
        if violation["impact"] in SERIOUS
    ]


def _check(browser, live_server, user, urls: list[tuple[str, str]]) -> None:
    """Open each (name, URL) in one tab, logged in as `user` (None: anonymous), and run axe."""
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport=VIEWPORT)
    # axe-core comes with every page the tab opens.
    context.add_init_script(script=Axe().axe_script)
    page = context.new_page()
    errors, faults = [], []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    if user is not None:
        log_in(page, user.email, TEST_PASSWORD)
    for name, url in urls:
        response = page.goto(url)
        assert response.ok, f"{name} ({url}): {response.status}"
        faults += [f"{url}: {fault}" for fault in _faults(page)]
    context.close()
    assert faults == [], f"{len(faults)} faults:\n" + "\n".join(faults)
    assert errors == [], "the browser reported errors"


def test_no_page_of_the_site_has_a_serious_accessibility_fault(
    browser, live_server, world, member_a, manager_a, programme_staff
):
    users = {
        pages.ANONYMOUS: None,
        pages.MEMBER: member_a,
        pages.MANAGER: manager_a,
        pages.STAFF: programme_staff,
    }
    site = pages.site_pages(world)
    assert {role for role, _name, _url in site} <= set(users), "a role to log in here"
    for role, user in users.items():
        _check(browser, live_server, user, [(name, url) for who, name, url in site if who == role])


def test_no_page_of_the_administration_has_a_serious_accessibility_fault(
    browser, live_server, world, programme_staff
):
    admin = [(name, url) for _who, name, url in pages.admin_pages(programme_staff)]
    _check(browser, live_server, programme_staff, admin)
