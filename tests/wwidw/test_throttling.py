"""Password-reset links and limits, and the client address that login throttling and the
limits count by."""

import re
import time

import pytest
from django.test import RequestFactory
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from tests.factories import TEST_PASSWORD, UserFactory
from wwidw.auth import (
    PASSWORD_RESETS_PER_ADDRESS,
    PASSWORD_RESETS_PER_CLIENT,
    client_ip,
    password_reset_allowed,
)


def ask_reset(client, email, capture, **headers):
    with capture(execute=True):
        response = client.post(reverse("password_reset"), {"email": email}, **headers)
    assertRedirects(response, reverse("password_reset_done"))
    return response


def request_from(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


# The client address


def test_without_trusted_proxies_the_connection_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("198.51.100.4", "203.0.113.9")) == "198.51.100.4"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        # The client wrote the left entry itself; our proxy added the right one.
        (1, "192.0.2.66, 203.0.113.9", "203.0.113.9"),
        (2, "192.0.2.66, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "203.0.113.9", "203.0.113.9"),
        (1, "2001:db8::7", "2001:db8::7"),
        (1, "", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1"),
    ],
)
def test_behind_trusted_proxies_the_address_they_saw_is_the_client(
    settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(request_from("10.0.0.1", forwarded)) == expected


def log_in(client, email, password, forwarded):
    data = {"username": email, "password": password}
    return client.post(reverse("login"), data, HTTP_X_FORWARDED_FOR=forwarded)


def test_behind_a_proxy_throttling_one_client_leaves_others_alone(client, member_a, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, member_a.email, "fout-wachtwoord-123", "203.0.113.9")
    assert log_in(client, member_a.email, TEST_PASSWORD, "203.0.113.9").status_code == 429
    response = log_in(client, member_a.email, TEST_PASSWORD, "198.51.100.20")
    assertRedirects(response, reverse("home"))


def test_a_made_up_forwarded_header_does_not_escape_throttling(client, member_a, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, member_a.email, "fout-wachtwoord-123", f"203.0.113.{attempt}")
    assert log_in(client, member_a.email, TEST_PASSWORD, "198.51.100.20").status_code == 429


# The link


def test_reset_link_comes_from_site_url_not_from_the_host_header(
    client, member_a, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://wwidw.example.nl"
    settings.ALLOWED_HOSTS = ["*"]  # even a host the server answers to cannot steer the link
    ask_reset(client, member_a.email, django_capture_on_commit_callbacks, HTTP_HOST="evil.test")
    assert len(mailoutbox) == 1
    links = re.findall(r"https?://\S+", mailoutbox[0].body)
    assert links
    assert all(link.startswith("https://wwidw.example.nl/account/") for link in links)
    assert "evil.test" not in mailoutbox[0].body


# The limits


def test_an_address_gets_three_links_an_hour(
    client, member_a, manager_a, mailoutbox, django_capture_on_commit_callbacks
):
    for _ in range(PASSWORD_RESETS_PER_ADDRESS + 1):
        ask_reset(client, member_a.email, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == PASSWORD_RESETS_PER_ADDRESS
    # Another address from the same client still gets its link.
    ask_reset(client, manager_a.email, django_capture_on_commit_callbacks)
    assert mailoutbox[-1].to == [manager_a.email]


def test_the_limit_counts_the_address_in_any_case(
    client, member_a, mailoutbox, django_capture_on_commit_callbacks
):
    for attempt in range(PASSWORD_RESETS_PER_ADDRESS + 1):
        email = member_a.email.upper() if attempt % 2 else member_a.email
        ask_reset(client, email, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == PASSWORD_RESETS_PER_ADDRESS


def test_a_client_gets_ten_requests_an_hour(
    client, member_a, mailoutbox, django_capture_on_commit_callbacks
):
    for number in range(PASSWORD_RESETS_PER_CLIENT):
        ask_reset(client, f"onbekend{number}@partner.example", django_capture_on_commit_callbacks)
    ask_reset(client, member_a.email, django_capture_on_commit_callbacks)
    assert mailoutbox == []  # the same page, and nothing sent
    # Another client is not held back by this one.
    ask_reset(
        client, member_a.email, django_capture_on_commit_callbacks, REMOTE_ADDR="198.51.100.20"
    )
    assert [message.to for message in mailoutbox] == [[member_a.email]]


def test_behind_a_proxy_the_client_limit_is_per_forwarded_client(
    client, member_a, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(PASSWORD_RESETS_PER_CLIENT):
        ask_reset(
            client,
            f"onbekend{number}@partner.example",
            django_capture_on_commit_callbacks,
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    ask_reset(
        client,
        member_a.email,
        django_capture_on_commit_callbacks,
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert len(mailoutbox) == 1


def test_without_a_trusted_proxy_a_made_up_header_does_not_reset_the_client_limit(
    client, member_a, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.TRUSTED_PROXY_COUNT = 0
    for number in range(PASSWORD_RESETS_PER_CLIENT):
        ask_reset(
            client,
            f"onbekend{number}@partner.example",
            django_capture_on_commit_callbacks,
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        )
    ask_reset(
        client,
        member_a.email,
        django_capture_on_commit_callbacks,
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert mailoutbox == []


def test_unknown_and_known_addresses_are_counted_alike(db):
    request = request_from("198.51.100.4")
    known = UserFactory().email
    for _ in range(PASSWORD_RESETS_PER_ADDRESS):
        assert password_reset_allowed(request, known)
        assert password_reset_allowed(request, "onbekend@partner.example")
    assert not password_reset_allowed(request, known)
    assert not password_reset_allowed(request, "onbekend@partner.example")


def test_requests_older_than_an_hour_no_longer_count(db):
    request = request_from("198.51.100.4")
    for _ in range(PASSWORD_RESETS_PER_ADDRESS):
        password_reset_allowed(request, "jan@partner.example")
    assert not password_reset_allowed(request, "jan@partner.example")
    in_an_hour = time.time() + 3601
    assert password_reset_allowed(request, "jan@partner.example", now=in_an_hour)
