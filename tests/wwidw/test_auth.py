import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from tests.factories import TEST_PASSWORD


def log_in(client, email, password, next_url=""):
    data = {"username": email, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def test_login_page_is_dutch(client, db):
    response = client.get(reverse("login"))
    assertContains(response, "<h1>Inloggen</h1>", html=True)
    assertContains(response, "E-mailadres")
    assertContains(response, "Wachtwoord vergeten?")


def test_member_logs_in_with_email_and_lands_where_they_wanted(client, member_a):
    response = log_in(client, member_a.email.upper(), TEST_PASSWORD, next_url="/kennisbank/")
    assertRedirects(response, "/kennisbank/")
    assert client.session["_auth_user_id"] == str(member_a.pk)


def test_login_gives_a_new_session_key(client, member_a):
    client.get(reverse("login"))
    client.session["stale"] = True
    before = client.session.session_key
    log_in(client, member_a.email, TEST_PASSWORD)
    assert client.session.session_key != before


def test_wrong_password_gives_a_dutch_message_and_keeps_the_email(client, member_a):
    response = log_in(client, member_a.email, "fout-wachtwoord-123")
    assertContains(response, "Dit e-mailadres en wachtwoord horen niet bij elkaar")
    assertContains(response, f'value="{member_a.email}"')
    assert "_auth_user_id" not in client.session


def test_session_ends_after_a_working_day(client, member_a):
    log_in(client, member_a.email, TEST_PASSWORD)
    assert settings.SESSION_COOKIE_AGE == 9 * 3600
    assert client.session.get_expiry_age() == 9 * 3600


def test_logout_needs_post_and_ends_the_session(client, member_a):
    client.force_login(member_a)
    response = client.post(reverse("logout"))
    assertRedirects(response, reverse("home"))
    assert "_auth_user_id" not in client.session


def test_login_is_throttled_after_five_failures_for_fifteen_minutes(client, member_a):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, member_a.email, "fout-wachtwoord-123")
    response = log_in(client, member_a.email, TEST_PASSWORD)
    assertContains(response, "Te veel pogingen", status_code=429)
    assert "_auth_user_id" not in client.session

    # The lock-out is a cool-off, never permanent: once it has passed, the right password works.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )
    assertRedirects(log_in(client, member_a.email, TEST_PASSWORD), reverse("home"))


def test_throttling_ignores_the_case_of_the_address(client, member_a):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        email = member_a.email.upper() if attempt % 2 else member_a.email
        log_in(client, email, "fout-wachtwoord-123")
    assert log_in(client, member_a.email, TEST_PASSWORD).status_code == 429


def test_throttling_one_account_leaves_others_alone(client, member_a, manager_a):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, member_a.email, "fout-wachtwoord-123")
    assertRedirects(log_in(client, manager_a.email, TEST_PASSWORD), reverse("home"))


def test_password_reset_by_email(client, member_a, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": member_a.email})
    assertRedirects(response, reverse("password_reset_done"))
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [member_a.email]
    assert message.subject == "Een nieuw wachtwoord voor Wat Werkt in de Wijk"
    link = re.search(r"https?://[^/]+(/account/wachtwoord-herstellen/\S+/)", message.body)[1]

    form_url = client.get(link).url
    new_password = "nieuw-en-lang-genoeg-2026"
    response = client.post(
        form_url, {"new_password1": new_password, "new_password2": new_password}
    )
    assertRedirects(response, reverse("password_reset_complete"))
    assertRedirects(log_in(client, member_a.email, new_password), reverse("home"))


def test_password_reset_for_unknown_address_reveals_nothing(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("password_reset"), {"email": "onbekend@partner.example"})
    assert callbacks == []
    assertRedirects(response, reverse("password_reset_done"))
    assert mailoutbox == []


def test_used_reset_link_explains_itself(client, member_a):
    response = client.get(reverse("password_reset_confirm", args=["MQ", "verkeerd-token"]))
    assertContains(response, "Deze link werkt niet meer")


@pytest.mark.parametrize("password", ["kort-2026", "elf-tekens!", "123456789012345"])
def test_short_or_numeric_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_password_like_the_email_address_is_refused(member_a):
    with pytest.raises(ValidationError):
        validate_password(member_a.email, user=member_a)


def test_a_long_password_is_accepted():
    validate_password("wijkaanpak-rotterdam-zuid")
