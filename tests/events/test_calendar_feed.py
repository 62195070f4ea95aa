"""The programme as one iCal feed to subscribe to: a private address per member, readable by a
calendar program without signing in, replaced at once when the member asks for a new one."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.models import CalendarFeed
from tests.factories import ThemeSessionFactory

PAGE = reverse("events:calendar_subscription")


def _feed_path(response) -> str:
    match = re.search(
        rb'value="https?://[^/"]+(/bijeenkomsten/agenda/[^"]+\.ics)"', response.content
    )
    assert match, "the page shows the feed's address"
    return match.group(1).decode()


def _summaries(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return [str(event["summary"]) for event in Calendar.from_ical(response.content).walk("VEVENT")]


def _session(title: str, days: int) -> None:
    starts = timezone.now() + datetime.timedelta(days=days)
    ThemeSessionFactory(
        title=title, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3)
    )


@pytest.fixture
def programme(db):
    _session("Wat werkt in de huismeesterij", 10)
    _session("Wat werkt tegen eenzaamheid", 40)
    _session("Wat werkte vorige maand", -30)
    _session("Wat werkte lang geleden", -200)


def test_the_feed_holds_the_programme_without_signing_in(client, member_a, programme):
    client.force_login(member_a)
    assert b"webcal://" not in client.get(PAGE).content
    page = client.post(PAGE, follow=True)
    assert page.status_code == 200
    assert b"webcal://" in page.content
    path = _feed_path(page)
    client.logout()
    assert _summaries(client.get(path)) == [
        "Wat werkte vorige maand",
        "Wat werkt in de huismeesterij",
        "Wat werkt tegen eenzaamheid",
    ]


def test_the_address_stays_the_same_until_a_new_one_is_made(client, member_a, programme):
    client.force_login(member_a)
    client.post(PAGE)
    old = _feed_path(client.get(PAGE))
    assert _feed_path(client.get(PAGE)) == old
    response = client.post(PAGE, follow=True)
    assert "nieuw adres" in response.content.decode()
    new = _feed_path(response)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert CalendarFeed.objects.count() == 1


def test_a_wrong_key_and_an_ended_account_get_nothing(client, member_a, programme):
    assert client.get(reverse("events:calendar_feed", args=["geraden"])).status_code == 404
    client.force_login(member_a)
    path = _feed_path(client.post(PAGE, follow=True))
    member_a.is_active = False
    member_a.save()
    assert client.get(path).status_code == 404


def test_the_page_needs_a_signed_in_member(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_feed_reads_in_constant_queries(client, member_a, django_assert_num_queries):
    client.force_login(member_a)
    path = _feed_path(client.post(PAGE, follow=True))
    client.logout()
    for count in (1, 10):
        for number in range(count):
            _session(f"Sessie {count}-{number}", number + 1)
        with django_assert_num_queries(2):
            client.get(path)
