"""A manager invites a colleague by e-mail; the colleague opens the link in another browser,
chooses a password and lands on the site as a member, with no accessibility fault on the way."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

LINK = re.compile(re.escape(settings.SITE_URL) + r"(/organisaties/\S+/uitnodiging/\S+/)")


def test_a_colleague_is_invited_and_joins(
    page, browser, live_server, manager_a, partner_a, mailoutbox
):
    sign_in(page, manager_a)
    page.goto(f"/organisaties/{partner_a.slug}/leden/")
    page.get_by_role("link", name="Een collega uitnodigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Een collega uitnodigen voor Woonstichting De Maasoever"
    )
    page.get_by_label("E-mailadres").fill("sanne.de.wit@maasoever.example")
    page.get_by_label("Medewerker").check()
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(
        page.get_by_text("De uitnodiging is onderweg naar sanne.de.wit@maasoever.example.")
    ).to_be_visible()
    pending = page.get_by_role("table", name="Openstaande uitnodigingen")
    expect(
        pending.get_by_role("cell", name="sanne.de.wit@maasoever.example", exact=True)
    ).to_be_visible()
    expect(pending.get_by_role("cell", name="Annemieke de Vries", exact=True)).to_be_visible()
    assert_accessible(page)

    (message,) = mailoutbox
    link = LINK.search(message.body).group(1)
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    invitee = context.new_page()
    invitee.goto(link)
    expect(invitee.get_by_role("heading", level=1)).to_have_text(
        "Lid worden van Woonstichting De Maasoever"
    )
    invitee.get_by_label("Volledige naam").fill("Sanne de Wit")
    invitee.get_by_label("Kies een wachtwoord").fill("kort")
    invitee.get_by_label("Wachtwoord nogmaals").fill("kort")
    invitee.get_by_role("button", name="Account aanmaken en lid worden").click()
    expect(invitee.get_by_text("Dit wachtwoord is te kort.")).to_be_visible()
    assert_accessible(invitee)
    invitee.get_by_label("Kies een wachtwoord").fill("fietsenstalling-aan-de-maas")
    invitee.get_by_label("Wachtwoord nogmaals").fill("fietsenstalling-aan-de-maas")
    invitee.get_by_role("button", name="Account aanmaken en lid worden").click()

    expect(
        invitee.get_by_text("Welkom! Je bent nu lid van Woonstichting De Maasoever.")
    ).to_be_visible()
    expect(invitee.get_by_role("heading", level=1)).to_contain_text("Woonstichting De Maasoever")
    expect(invitee.get_by_role("button", name="Uitloggen")).to_be_visible()
    invitee.goto(link)
    expect(invitee.get_by_text("Deze uitnodiging is al gebruikt")).to_be_visible()
    context.close()
