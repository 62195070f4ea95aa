import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import make_published

pytestmark = pytest.mark.browser

TYPE = "Huismeester / complexbeheerder"


def test_follow_a_type_from_the_list_and_find_it_on_the_start_page(
    page, member_b, partner_a, member_a
):
    shared = make_published(partner_a, member_a, title="Huismeester in de Tarwewijk")
    make_published(partner_a, member_a, title="Huismeester intern", visibility="organisatie")
    sign_in(page, member_b)
    expect(page.get_by_text("Je volgt nog niets.")).to_be_visible()

    page.goto("/kennisbank/")
    page.get_by_role("checkbox", name=TYPE).check()
    page.get_by_role("button", name="Zoeken", exact=True).click()
    page.get_by_role("button", name=f"Volg het type {TYPE}").click()
    expect(page.get_by_text(f"Je volgt het type {TYPE}.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("main").get_by_role("link", name="Wat ik volg").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat ik volg")
    expect(page.get_by_role("cell", name=TYPE, exact=True)).to_be_visible()
    assert_accessible(page)

    page.goto("/")
    news = page.get_by_role("region", name="Nieuw in wat je volgt")
    expect(news.get_by_role("link", name=shared.title)).to_be_visible()
    expect(news.get_by_text("Huismeester intern")).to_have_count(0)
    expect(page.get_by_role("region", name="Komende bijeenkomsten")).to_be_visible()
    assert_accessible(page)
