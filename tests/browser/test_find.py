from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from interventions import services
from interventions.models import InterventionType
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import InterventionFactory, make_complete

pytestmark = pytest.mark.browser


def _publish(organisation, by, *, title: str, summary: str, type_slug: str):
    intervention = make_complete(
        InterventionFactory(
            organisation=organisation, created_by=by, visibility="partners", title=title
        )
    )
    intervention.summary = summary
    intervention.problem_analysis = "Bewoners voelen zich onveilig."
    intervention.save()
    intervention.intervention_types.set([InterventionType.objects.get(slug=type_slug)])
    services.publish_intervention(intervention=intervention, by=by)
    services.refresh_derived_fields(intervention)
    return intervention


@pytest.fixture
def descriptions(partner_a, partner_b, member_a, member_b):
    return [
        _publish(
            partner_b,
            member_b,
            title="Buurtbemiddeling bij burenruzies",
            summary="Vrijwilligers bemiddelen tussen buren in de woningen van de Schilderswijk.",
            type_slug="buurtbemiddeling",
        ),
        _publish(
            partner_a,
            member_a,
            title="Huismeester in de portiekflats",
            summary="Een vaste huismeester houdt toezicht op de woningen in het Oude Westen.",
            type_slug="huismeester-complexbeheerder",
        ),
        _publish(
            partner_a,
            member_a,
            title="Schone trappenhuizen",
            summary="Bewoners maken zelf de trappen schoon.",
            type_slug="sociaal-beheer",
        ),
    ]


def test_member_searches_in_dutch_narrows_with_a_facet_and_shares_the_url(
    page, member_a, descriptions
):
    sign_in(page, member_a)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Kennisbank").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kennisbank")
    expect(page.get_by_role("heading", name="3 beschrijvingen")).to_be_visible()

    # "woning" finds descriptions that speak of "woningen", with the word marked.
    page.get_by_label("Zoeken in de kennisbank").fill("woning")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    expect(page.get_by_role("heading", name="2 beschrijvingen")).to_be_visible()
    results = page.get_by_role("region", name="2 beschrijvingen")
    expect(results.get_by_role("link", name="Schone trappenhuizen")).to_have_count(0)
    expect(results.locator("mark").first).to_have_text("woningen")
    assert_accessible(page)

    # Narrow down with a facet; the count beside the option tells what is left.
    filters = page.get_by_role("complementary", name="Verfijnen")
    filters.get_by_label("Buurtbemiddeling (1)").check()
    filters.get_by_role("button", name="Filters toepassen").click()
    expect(page.get_by_role("heading", name="1 beschrijving", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Buurtbemiddeling bij burenruzies")).to_be_visible()
    expect(page.get_by_label("Zoeken in de kennisbank")).to_have_value("woning")
    query = parse_qs(urlsplit(page.url).query)
    assert query["q"] == ["woning"]
    assert query["type"] == ["buurtbemiddeling"]
    assert_accessible(page)

    # The URL is the search: opening it again gives the same list.
    page.goto(page.url)
    expect(page.get_by_label("Buurtbemiddeling (1)")).to_be_checked()
    page.get_by_role("link", name="Buurtbemiddeling bij burenruzies").click()
    expect(page).to_have_url(descriptions[0].get_absolute_url(), ignore_case=True)


def test_a_typo_offers_the_word_that_was_meant(page, member_a, descriptions):
    sign_in(page, member_a)
    page.goto("/kennisbank/?q=huismeestr")
    expect(page.get_by_role("link", name="Huismeester in de portiekflats")).to_be_visible()
    page.get_by_role("link", name="huismeester", exact=True).click()
    expect(page.get_by_label("Zoeken in de kennisbank")).to_have_value("huismeester")
    # Every description names the huismeester in its approach; the title match comes first.
    results = page.get_by_role("region", name="3 beschrijvingen")
    first = results.get_by_role("listitem").first.get_by_role("heading")
    expect(first).to_have_text("Huismeester in de portiekflats")
    assert_accessible(page)
