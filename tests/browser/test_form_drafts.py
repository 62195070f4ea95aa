"""Unsaved work in the description form survives a lost session: typed, kept when the writer
leaves the section, offered again in a new session and restored; a copy kept in the browser is
offered after a reload and can be thrown away. The terms page and the offer pass axe."""

import pytest
from playwright.sync_api import expect

from interventions.models import FormDraft, Intervention
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

ANALYSIS = (
    "Sinds 2019 stijgt het aantal meldingen van overlast in de portieken van Pendrecht. "
    "Bewoners voelen zich minder veilig en de mutatiegraad is hoog."
)

DRAFT_KEYS = "Object.keys(window.localStorage).filter(key => key.startsWith('wwidw-form-draft:'))"


def test_unsaved_work_comes_back_after_a_lost_session(
    browser, live_server, page, page_errors, member_a, concept_a
):
    url = f"/kennisbank/{concept_a.pk}/bewerken/"
    sign_in(page, member_a)
    page.goto(url)
    offer = page.get_by_role("region", name="Niet-opgeslagen werk")
    expect(offer).to_be_hidden()
    # A help text links its term to the terms page.
    expect(page.get_by_role("link", name="bewijskracht")).to_have_attribute(
        "href", "/begrippen/#bewijskracht"
    )

    # Write in section 2, then go on to section 3: the server keeps the draft.
    page.get_by_label("Probleemanalyse").fill(ANALYSIS)
    with page.expect_response(lambda response: "/kladversie/" in response.url) as sent:
        page.get_by_label("Hoofddoel").focus()
    assert sent.value.status == 200
    assert FormDraft.objects.get().data["problem_analysis"] == [ANALYSIS]

    # The session is lost: another browser, logged in again, opens the form.
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    second = context.new_page()
    second.on("pageerror", lambda error: page_errors.append(str(error)))
    sign_in(second, member_a)
    second.goto(url)
    offer = second.get_by_role("region", name="Niet-opgeslagen werk")
    expect(offer).to_contain_text("Er is een niet-opgeslagen versie van")
    expect(second.get_by_label("Probleemanalyse")).to_have_value("")
    assert_accessible(second)

    second.get_by_role("button", name="Herstellen").click()
    expect(second.get_by_label("Probleemanalyse")).to_have_value(ANALYSIS)
    expect(offer.get_by_text("Hersteld.")).to_be_focused()
    second.get_by_role("button", name="Opslaan als concept").first.click()
    expect(second.get_by_text("Opgeslagen.")).to_be_visible()
    assert Intervention.objects.get(pk=concept_a.pk).problem_analysis == ANALYSIS
    assert not FormDraft.objects.exists()
    second.reload()
    expect(second.get_by_role("region", name="Niet-opgeslagen werk")).to_be_hidden()
    context.close()

    # A change kept in this browser only is offered after a reload, and can be thrown away.
    page.goto(url)
    expect(page.get_by_role("region", name="Niet-opgeslagen werk")).to_be_hidden()
    page.get_by_label("Titel").fill("Huismeester in Pendrecht")
    page.get_by_label("Titel").press("Tab")  # a change, within the same section
    page.reload()
    offer = page.get_by_role("region", name="Niet-opgeslagen werk")
    expect(offer).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value(concept_a.title)
    with page.expect_response(lambda response: "/weggooien/" in response.url):
        page.get_by_role("button", name="Weggooien").click()
    expect(offer.get_by_text("Weggegooid.")).to_be_visible()
    page.reload()
    expect(page.get_by_role("region", name="Niet-opgeslagen werk")).to_be_hidden()
    assert not FormDraft.objects.exists()

    # Logging out forgets what this browser kept: the next person at the computer reads nothing.
    page.get_by_label("Titel").fill("Huismeester in Charlois")
    page.get_by_label("Titel").press("Tab")
    assert page.evaluate(DRAFT_KEYS)
    page.get_by_role("button", name="Uitloggen").click()  # logout.js
    expect(page.get_by_role("navigation").get_by_role("link", name="Inloggen")).to_be_visible()
    assert page.evaluate(DRAFT_KEYS) == []


def test_the_terms_page_is_accessible(page):
    page.goto("/begrippen/#deadweight")
    expect(page.get_by_role("heading", level=1)).to_have_text("Begrippen")
    expect(page.get_by_role("region", name="Deadweight")).to_contain_text("(1 − deadweight)")
    assert_accessible(page)
    page.get_by_role("link", name="Zo werkt het, per rol").click()
    expect(page.get_by_role("heading", name="Medewerker")).to_be_visible()
