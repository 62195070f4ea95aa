import pytest
import reversion
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def shared_with_history(shared_a, member_a):
    """The shared description of partner A with a second version whose main goal changed."""
    with reversion.create_revision():
        shared_a.main_goal = "Schone portieken, meer contact tussen buren en tevreden huurders."
        shared_a.save()
        reversion.set_user(member_a)
        reversion.set_comment("Doel aangescherpt")
    return shared_a


def test_member_reads_compares_versions_and_restores_one(page, member_a, shared_with_history):
    intervention = shared_with_history
    sign_in(page, member_a)
    page.goto(intervention.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(intervention.title)
    chain = page.locator(".theory-chain")
    expect(chain).to_contain_text("Als de huismeester dagelijks in de portieken is")
    expect(chain).to_contain_text("dan worden overlast en vervuiling eerder gesignaleerd")
    expect(
        page.get_by_role("heading", name="5. Veronderstellingen en werkzame bestanddelen")
    ).to_be_visible()

    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_hidden()
    expect(page.get_by_role("link", name="Geschiedenis")).to_be_hidden()
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Geschiedenis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Geschiedenis")
    expect(page.get_by_role("cell", name="Doel aangescherpt")).to_be_visible()

    page.get_by_label("Van versie 1").check()
    page.get_by_label("Naar versie 2").check()
    page.get_by_role("button", name="Wijzigingen tonen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wijzigingen tussen twee versies")
    expect(page.get_by_role("heading", name="Hoofddoel")).to_be_visible()
    expect(page.locator(".diff-text ins", has_text="meer contact tussen buren")).to_be_visible()

    page.get_by_role("link", name="Terug naar de geschiedenis").click()
    page.get_by_role("button", name="Versie 1 terugzetten").click()
    expect(page.get_by_role("status")).to_contain_text("is teruggezet")
    expect(page.get_by_text("Schone, veilige portieken en tevreden huurders.")).to_be_visible()
    intervention.refresh_from_db()
    assert intervention.main_goal == "Schone, veilige portieken en tevreden huurders."


def test_partner_is_asked_for_a_second_description_to_compare(page, member_b, shared_a):
    sign_in(page, member_b)
    page.goto(shared_a.get_absolute_url())
    page.get_by_role("link", name="Vergelijken met een andere beschrijving").click()
    expect(page.get_by_role("status")).to_contain_text("Kies ten minste twee beschrijvingen")
    assert_accessible(page)
