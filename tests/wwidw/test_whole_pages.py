"""Whole pages from the cache (wwidw/pagecache.py): the login page for anonymous visitors and
the start page per reader, sent again without rendering while nothing they show changed, each
with the reader's own CSRF token, never with another reader's name or a used-up message."""

import re

from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client, RequestFactory
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from interventions.models import Intervention
from tests.factories import TEST_PASSWORD, InterventionFactory
from wwidw import pagecache

LOGIN_URL = reverse("login")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def tokens(response) -> set[str]:
    return set(TOKEN.findall(response.content.decode()))


def rendered(response) -> bool:
    """Whether the response was rendered from its templates (not sent from the cache)."""
    return bool(response.templates)


def test_the_login_page_is_sent_whole_with_each_visitors_own_token(db):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    built = first.get(LOGIN_URL)
    again = second.get(LOGIN_URL)

    assert rendered(built) and not rendered(again)
    assert again.content.decode().count(pagecache.CSRF_PLACEHOLDER) == 0
    assert len(tokens(again)) == 1 and tokens(again) != tokens(built)
    assert TOKEN.sub("", again.content.decode()) == TOKEN.sub("", built.content.decode())
    assert again.headers["Cache-Control"] == built.headers["Cache-Control"]


def test_the_token_of_a_login_page_from_the_cache_logs_in(member_a):
    Client().get(LOGIN_URL)
    client = Client(enforce_csrf_checks=True)
    page = client.get(LOGIN_URL)
    assert not rendered(page)
    (token,) = tokens(page)
    response = client.post(
        LOGIN_URL,
        {"username": member_a.email, "password": TEST_PASSWORD, "csrfmiddlewaretoken": token},
    )
    assertRedirects(response, reverse("home"), fetch_redirect_response=False)


def test_the_login_page_is_kept_per_path_and_language(db):
    Client().get(LOGIN_URL)
    onward = Client().get(LOGIN_URL, {"next": "/kennisbank/"})
    assertContains(onward, 'name="next" value="/kennisbank/"')
    english = Client(headers={"accept-language": "en"})
    english.cookies["django_language"] = "en"
    assertContains(english.get(LOGIN_URL), "Forgot your password?")
    assertContains(Client().get(LOGIN_URL), "Wachtwoord vergeten?")


def test_a_bad_login_is_never_kept(member_a):
    client = Client()
    failed = client.post(LOGIN_URL, {"username": member_a.email, "password": "fout"})
    assert failed.status_code == 200
    assertNotContains(Client().get(LOGIN_URL), "fout")
    assertNotContains(Client().get(LOGIN_URL), 'class="invalid-feedback"')


def test_the_start_page_is_sent_whole_and_follows_every_change(client, member_a, partner_a):
    client.force_login(member_a)
    assert rendered(client.get("/"))
    again = client.get("/")
    assert not rendered(again)
    assertContains(again, member_a.get_full_name())

    # The reader's name is in the frame: a new name shows at once.
    member_a.full_name = "Youssef van Dijk"
    member_a.save(update_fields=["full_name"])
    assertContains(client.get("/"), "Youssef van Dijk")

    # A new draft of their organisation is on the start page at once.
    InterventionFactory(organisation=partner_a, created_by=member_a, title="Klushuis Zuidwijk")
    assertContains(client.get("/"), "Klushuis Zuidwijk")
    Intervention.objects.filter(title="Klushuis Zuidwijk").delete()
    assertNotContains(client.get("/"), "Klushuis Zuidwijk")


def test_a_colleague_never_gets_the_readers_whole_page(client, member_a, manager_a):
    client.force_login(member_a)
    client.get("/")
    colleague = Client()
    colleague.force_login(manager_a)
    page = colleague.get("/")
    assertContains(page, manager_a.get_full_name())
    assertNotContains(page, member_a.get_full_name())


def test_a_message_is_shown_once_and_never_kept(client, member_a):
    client.force_login(member_a)
    client.get("/")
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, "Uitnodiging sent")])
    with_message = client.get("/")
    assert rendered(with_message)
    assertContains(with_message, "Uitnodiging sent")
    after = client.get("/")
    assertNotContains(after, "Uitnodiging sent")


def test_the_token_of_a_start_page_from_the_cache_logs_out(member_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_a)
    client.get("/")
    page = client.get("/")
    assert not rendered(page)
    token = next(iter(tokens(page)))
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
