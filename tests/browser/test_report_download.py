"""A report that takes a while is made by the task worker: the page follows the task and the
download starts by itself when the file is ready."""

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import assert_accessible, sign_in
from tests.monitoring.test_reports import make_worked_example

pytestmark = pytest.mark.browser


def test_the_portfolio_report_downloads_itself_once_the_worker_made_it(
    page, member_a, partner_a, database_tasks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    make_worked_example(partner_a, title="Huismeester portiekflats")
    sign_in(page, member_a)
    page.goto(f"/organisaties/{partner_a.slug}/")
    page.get_by_role("button", name="Rapportage portefeuille (pdf)").click()
    expect(page.get_by_text("Het rapport wordt gemaakt.")).to_be_visible()
    expect(page.get_by_text("Het rapport wacht op zijn beurt.")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download:
        assert database_tasks() == 1  # the worker takes the task; the page notices
    text = " ".join(page_.extract_text() for page_ in PdfReader(download.value.path()).pages)
    assert "Huismeester portiekflats" in text
    expect(page.get_by_role("link", name="Download het rapport")).to_be_visible()
    expect(page.get_by_text("Het rapport wordt gemaakt.")).to_be_hidden()
