"""Every page of the site, and every page of the administration that programme staff use, has
no serious or critical fault that axe-core finds. The pages are those of tests/pages.py, which
fails on a new URL that is in neither of its lists; each role logs in once and opens its pages
in one tab."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests import pages
from tests.browser.conftest import log_in
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser
SERIOUS = {"serious", "critical"}


def _faults(page) -> list[str]:
    results = page.evaluate("axe.run({resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}: "
        + " | ".join(node["html"][:160] for node in violation["nodes"][:3])
        for violation in results["violations"]
        if violation["impact"] in SERIOUS
    ]


def test_no_page_has_a_serious_accessibility_fault(
    browser, live_server, partner_a, member_a, manager_a, programme_staff, shared_a, concept_a
):
    world = pages.make_world(
        partner_a=partner_a,
        member_a=member_a,
        manager_a=manager_a,
        programme_staff=programme_staff,
        shared_a=shared_a,
        concept_a=concept_a,
    )
    users = {pages.MEMBER: member_a, pages.MANAGER: manager_a, pages.STAFF: programme_staff}
    every_page = pages.site_pages(world) + pages.admin_pages(programme_staff)
    faults, errors = [], []
    for role in [pages.ANONYMOUS, pages.MEMBER, pages.MANAGER, pages.STAFF]:
        # A laptop's width, at which wide tables scroll.
        viewport = {"width": 1024, "height": 768}
        context = browser.new_context(base_url=live_server.url, locale="en-US", viewport=viewport)
        # axe-core comes with every page the tab opens.
        context.add_init_script(script=Axe().axe_script)
        page = context.new_page()
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        if role in users:
            log_in(page, users[role].email, TEST_PASSWORD)
        for _role, name, url in (entry for entry in every_page if entry[0] == role):
            response = page.goto(url)
            assert response.ok, f"{role} opens {name} ({url}): {response.status}"
            faults += [f"{role} {url}: {fault}" for fault in _faults(page)]
        context.close()
    assert faults == [], f"{len(faults)} faults:\n" + "\n".join(faults)
    assert errors == [], "the browser reported errors"
