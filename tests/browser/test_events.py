"""Acceptance of issue 6: a member registers for a session with two places and sees the place
count drop; a colleague elsewhere fills the last place and a third member lands on the waiting
list; when the first cancels, the waiting list moves and the third is confirmed."""

import pytest
from playwright.sync_api import expect

from events import services
from events.models import Registration
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import MembershipFactory, ThemeSessionFactory

pytestmark = pytest.mark.browser

TITLE = "Wat werkt in buurtbemiddeling"


def _status(page, text: str):
    return page.get_by_role("status").filter(has_text=text)


def _open_session(page) -> None:
    page.goto("/bijeenkomsten/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()


def _own_registration(page):
    return page.get_by_role("region", name="Je aanmelding")


def _register(page) -> None:
    form = page.get_by_role("form", name="Aanmelden voor deze bijeenkomst")
    form.get_by_label("Opmerking (niet verplicht)").fill("Ik neem een collega-vraag mee.")
    form.get_by_role("button", name="Aanmelden", exact=True).click()


def test_register_see_places_drop_cancel_and_waiting_list_moves(
    page, browser, live_server, member_a, member_b, partner_b
):
    session = ThemeSessionFactory(title=TITLE, capacity=2)
    third = MembershipFactory(organisation=partner_b, user__full_name="Sanne de Graaf").user

    # The first member registers and sees the place count drop.
    sign_in(page, member_a)
    page.goto("/bijeenkomsten/")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    _open_session(page)
    expect(page.get_by_text("nog 2 plaatsen")).to_be_visible()
    assert_accessible(page)
    _register(page)
    expect(_status(page, "Je bent aangemeld.")).to_be_visible()
    expect(page.get_by_text("nog 1 plaats", exact=True)).to_be_visible()
    expect(_own_registration(page)).to_contain_text("Je bent aangemeld: je plaats is bevestigd.")
    assert_accessible(page)

    # Another member fills the last place.
    services.register(session=session, user=member_b, organisation=partner_b)

    # A third member finds the session full and lands on the waiting list.
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    other = context.new_page()
    sign_in(other, third)
    _open_session(other)
    expect(other.get_by_text("Vol: je komt op de wachtlijst")).to_be_visible()
    _register(other)
    expect(_status(other, "je staat op de wachtlijst, op plaats 1")).to_be_visible()
    expect(_own_registration(other)).to_contain_text("Je staat op de wachtlijst, op plaats 1.")
    assert_accessible(other)

    # The first member cancels.
    page.reload()
    expect(page.get_by_text("Vol: nieuwe aanmeldingen komen op de wachtlijst")).to_be_visible()
    page.get_by_role("button", name="Afmelden").click()
    expect(_status(page, "Je bent afgemeld.")).to_be_visible()
    expect(page.get_by_role("form", name="Aanmelden voor deze bijeenkomst")).to_be_visible()

    # The waiting list moved: the third member is confirmed now.
    other.reload()
    expect(_own_registration(other)).to_contain_text("je plaats is bevestigd.")
    other.get_by_role("link", name="Mijn aanmeldingen").first.click()
    row = other.get_by_role("row").filter(has_text=TITLE)
    expect(row.get_by_role("cell", name="bevestigd")).to_be_visible()
    context.close()

    statuses = dict(Registration.objects.values_list("user__email", "status"))
    assert statuses == {
        member_a.email: Registration.Status.CANCELLED,
        member_b.email: Registration.Status.CONFIRMED,
        third.email: Registration.Status.CONFIRMED,
    }
