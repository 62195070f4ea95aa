"""The read API's docs page in a real browser: Swagger UI renders every endpoint from our own
files, under the site's Content Security Policy, and asks nothing of another host."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_docs_page_renders_the_endpoints_from_our_own_host(page, live_server, page_errors):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/api/v1/docs")
    expect(page.get_by_role("heading", name="Lees-API", exact=True)).to_be_visible()
    expect(page.get_by_text("/api/v1/descriptions/{pk}/monitoring")).to_be_visible()
    expect(page.get_by_role("button", name="Authorize")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert requested
    elsewhere = [url for url in requested if not url.startswith(live_server.url)]
    assert elsewhere == []
