"""A member brings existing projects in from a spreadsheet: the preview shows the error next to
its cell, the fixed file is checked and imported by the task worker while the page follows the
progress, and the drafts are in the knowledge base."""

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from interventions import imports
from interventions.models import Intervention
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

HEADER = ["Extern kenmerk", "Titel", "Startdatum", "Interventietypen"]


def workbook(path, types: str):
    book = Workbook()
    sheet = book.active
    sheet.title = imports.MAIN_SHEET
    sheet.append(HEADER)
    sheet.append(["HM-1", "Huismeester in Pendrecht", "1-3-2019", types])
    sheet.append(["BB-2", "Buurtbemiddeling Crooswijk", "maart 2020", "Buurtbemiddeling"])
    book.save(path)
    return path


def test_member_imports_descriptions_after_fixing_the_file(
    page, member_a, database_tasks, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(imports, "TASK_ROWS", 0)  # every file goes through the task worker
    sign_in(page, member_a)
    page.goto("/kennisbank/")
    page.get_by_role("link", name="Importeren uit spreadsheet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beschrijvingen importeren")

    # A file with one unknown term: the worker checks it, the page shows the cell's message.
    page.get_by_label("Spreadsheet").set_input_files(
        workbook(tmp_path / "fout.xlsx", "Huismeesters")
    )
    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.get_by_text("Het bestand wordt gecontroleerd.")).to_be_visible()
    assert database_tasks() == 1
    problem = page.locator(".import-problem")
    expect(problem).to_contain_text("D2 (Interventietypen)")
    expect(problem).to_contain_text("“Huismeesters” staat niet in de lijst")
    expect(problem).to_contain_text("Bedoel je: Huismeester / complexbeheerder?")
    expect(page.get_by_role("button", name="1 beschrijving importeren")).to_be_visible()
    assert not Intervention.objects.exists()
    assert_accessible(page)

    # The fixed file: both rows will be created.
    page.get_by_role("link", name="Een verbeterd of ander bestand uploaden").click()
    fixed = workbook(tmp_path / "goed.xlsx", "Huismeester / complexbeheerder")
    page.get_by_label("Spreadsheet").set_input_files(fixed)
    page.get_by_role("button", name="Bestand controleren").click()
    assert database_tasks() == 1
    expect(page.get_by_text("Nieuw: 2 · bijgewerkt: 0 · met fouten: 0")).to_be_visible()

    page.get_by_role("button", name="2 beschrijvingen importeren").click()
    expect(page.get_by_text("Bezig met importeren.")).to_be_visible()
    progress = page.locator("[data-import-progress]")
    expect(progress).to_be_visible()
    assert database_tasks() == 1  # the worker imports; the page follows it to the end
    expect(page.get_by_text("Klaar: het importeren is voltooid.")).to_be_visible()
    expect(progress).to_have_attribute("value", "100")
    expect(page.get_by_text("2 nieuwe concepten")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Concepten in de kennisbank bekijken").click()
    expect(page.get_by_role("link", name="Huismeester in Pendrecht")).to_be_visible()
    expect(page.get_by_role("link", name="Buurtbemiddeling Crooswijk")).to_be_visible()
    assert Intervention.objects.filter(status="concept").count() == 2
