"""Acceptance: a member of partner B asks a question on a published description of partner A,
A's contact person opens the link in the e-mail, signs in and answers, and B reads the answer."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from interventions.models import Intervention
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser

QUESTION = "Hoe hebben jullie de huismeester de eerste drie jaar gefinancierd?"
ANSWER = "Uit het leefbaarheidsbudget van de corporatie, aangevuld door de gemeente."


def _link_in(body: str) -> str:
    """The path and fragment of the site's link in a mail (SITE_URL is not the live server)."""
    url = urlsplit(re.search(r"https?://\S+", body).group(0))
    return f"{url.path}#{url.fragment}"


def test_ask_answer_from_the_mail_and_read_the_answer(
    page, browser, live_server, shared_a, member_a, member_b, mailoutbox
):
    Intervention.objects.filter(pk=shared_a.pk).update(contact=member_a)

    # B finds the contact person and asks a question.
    sign_in(page, member_b)
    page.goto(shared_a.get_absolute_url())
    expect(page.get_by_text("Contactpersoon: Youssef El Amrani")).to_be_visible()
    page.get_by_role("link", name="Stel een vraag").click()
    ask = page.get_by_role("form", name="Stel een vraag")
    ask.get_by_label("Je vraag").fill(QUESTION)
    ask.get_by_role("button", name="Vraag versturen").click()
    expect(page.get_by_role("status")).to_have_text(
        "Je vraag is verstuurd. Je krijgt een e-mail zodra er een antwoord is."
    )
    question = page.get_by_role("article", name="Vraag van Rachid Bouzian")
    expect(question).to_contain_text(QUESTION)

    # A's contact person gets the e-mail with a link straight to the question.
    [message] = mailoutbox
    assert message.to == [member_a.email]
    assert QUESTION in message.body
    link = _link_in(message.body)
    assert link.startswith(f"/kennisbank/{shared_a.pk}/#vraag-")

    # They open it in their own browser, sign in and answer.
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    contact = context.new_page()
    contact.goto(link)
    contact.get_by_label("E-mailadres").fill(member_a.email)
    contact.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    contact.get_by_role("button", name="Inloggen").click()
    thread = contact.get_by_role("article", name="Vraag van Rachid Bouzian")
    expect(thread).to_contain_text(QUESTION)
    thread.get_by_text("Beantwoorden").click()
    thread.get_by_label("Je antwoord").fill(ANSWER)
    thread.get_by_role("button", name="Antwoord versturen").click()
    expect(contact.get_by_role("status")).to_have_text("Je antwoord is geplaatst.")
    expect(thread).to_contain_text(ANSWER)
    assert_accessible(contact)
    context.close()

    # B gets the answer by e-mail, reloads and reads it.
    assert [mail.to for mail in mailoutbox] == [[member_a.email], [member_b.email]]
    assert ANSWER in mailoutbox[1].body
    page.reload()
    expect(question).to_contain_text(ANSWER)
    expect(question).to_contain_text("Youssef El Amrani")
    question.get_by_text("Beantwoorden").click()
    assert_accessible(page)
