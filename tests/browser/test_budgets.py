"""Acceptance: a member applies for a liveability budget with a description, is told what is
missing, completes it and submits; a manager awards part of the budget; the applicant reads the
decision, the award shows in the monitoring, and the round's PDF holds the figures."""

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from interventions.models import Intervention
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import (
    BudgetRoundFactory,
    InterventionFactory,
    make_complete,
)

pytestmark = pytest.mark.browser
TITLE = "Buurtkamer in de Tarwewijk"
ROUND = "Leefbaarheidsbudget Maasoever"


@pytest.fixture
def lacking_a(partner_a, member_a) -> Intervention:
    """A plan that still lacks its occasion and its budget."""
    intervention = make_complete(
        InterventionFactory(organisation=partner_a, created_by=member_a, title=TITLE)
    )
    intervention.phase = Intervention.Phase.PLAN
    intervention.occasion = ""
    intervention.total_budget = None
    intervention.save()
    return intervention


def _log_out(page) -> None:
    page.get_by_role("button", name="Uitloggen").click()


def _apply(page) -> None:
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Leefbaarheidsbudget"
    ).click()
    assert_accessible(page)
    page.get_by_role("link", name=ROUND).click()
    expect(page.get_by_text("Vraag je meer dan € 10.000,00, dan is een volledige")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Aanvragen", exact=True).click()
    page.get_by_label("Beschrijving").select_option(label=TITLE)
    page.get_by_label("Gevraagd bedrag (€)").fill("8000")
    page.get_by_label("Verwachte cofinanciering (€)").fill("2000")
    page.get_by_label("Motivatie").fill("Een plek waar buren elkaar dagelijks treffen.")
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_role("status").filter(has_text="als concept opgeslagen")).to_be_visible()


def _submit_and_complete(page) -> None:
    page.get_by_role("button", name="Indienen").click()
    expect(page.get_by_role("status").filter(has_text="niet ingediend")).to_be_visible()
    missing = page.get_by_role("region", name="Dit ontbreekt nog:")
    expect(missing).to_contain_text("Probleem en doelgroep: aanleiding")
    expect(missing).to_contain_text("Middelen: totale begroting (€)")
    assert_accessible(page)
    application_url = page.url

    missing.get_by_role("link", name="Probleem en doelgroep: aanleiding").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beschrijving bewerken")
    page.get_by_label("Aanleiding").fill("Bewoners missen een plek om elkaar te ontmoeten.")
    page.get_by_label("Totale begroting (€)").fill("10000")
    page.get_by_role("button", name="Opslaan als concept").first.click()
    expect(page.get_by_role("status").filter(has_text="Opgeslagen.")).to_be_visible()

    page.goto(application_url)
    expect(page.get_by_role("region", name="Dit ontbreekt nog:")).to_have_count(0)
    page.get_by_role("button", name="Indienen").click()
    expect(page.get_by_role("status").filter(has_text="Je aanvraag is ingediend.")).to_be_visible()


def _award_part(page) -> None:
    page.goto("/leefbaarheidsbudget/")
    page.get_by_role("link", name=ROUND).click()
    page.get_by_role("button", name="Sluiten voor beoordeling").click()
    expect(page.get_by_role("status").filter(has_text="in beoordeling")).to_be_visible()
    page.get_by_role("link", name="Aanvragen vergelijken en besluiten").click()
    table = page.get_by_role("table")
    expect(table).to_contain_text(TITLE)
    expect(table).to_contain_text("€ 8.000,00")
    expect(table).to_contain_text("Kort plan")
    expect(table).to_contain_text("VE.01")
    assert_accessible(page)

    page.get_by_role("link", name=f"Besluit over {TITLE}").click()
    page.get_by_label("deels toegekend").check()
    page.get_by_label("Toegekend bedrag (€)").fill("6000")
    page.get_by_label("Reden").fill("De inrichting betaalt de gemeente.")
    assert_accessible(page)
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(
        page.get_by_role("status").filter(has_text="Het besluit is opgeslagen.")
    ).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("€ 6.000,00")


def test_member_applies_manager_awards_part_and_the_report_holds_the_figures(
    page, partner_a, member_a, manager_a, lacking_a
):
    BudgetRoundFactory(organisation=partner_a, name=ROUND)
    sign_in(page, member_a)
    _apply(page)
    _submit_and_complete(page)
    _log_out(page)

    sign_in(page, manager_a)
    _award_part(page)
    _log_out(page)

    sign_in(page, member_a)
    page.goto("/leefbaarheidsbudget/")
    page.get_by_role("region", name="Mijn aanvragen").get_by_role("link", name=TITLE).click()
    decision = page.get_by_role("region", name="Besluit")
    expect(decision).to_contain_text("Deels toegekend: € 6.000,00")
    expect(decision).to_contain_text("De inrichting betaalt de gemeente.")
    decision.get_by_role("link", name="Bekijk de financieringsregel in de monitoring").click()
    awards = page.get_by_role("region", name="Toegekend uit een leefbaarheidsbudget")
    expect(awards).to_contain_text(f"toegekend uit leefbaarheidsbudget {ROUND}")
    expect(awards).to_contain_text("toegezegd € 6.000,00")
    assert_accessible(page)
    _log_out(page)

    sign_in(page, manager_a)
    page.goto("/leefbaarheidsbudget/")
    page.get_by_role("link", name=ROUND).click()
    page.get_by_role("button", name="Rapportage van de ronde (pdf)").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download het rapport").click()
    pdf = PdfReader(download.value.path())
    text = " ".join(page_.extract_text() for page_ in pdf.pages)
    for figure in [TITLE, "8.000,00", "6.000,00", "50.000,00", "44.000,00"]:
        assert figure in text, figure
