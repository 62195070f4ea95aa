import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from events import calendar, services
from events.models import Registration, ThemeSession
from tests.factories import MembershipFactory, RegistrationFactory, ThemeSessionFactory


def _ics(message) -> Calendar:
    [(filename, content, mimetype)] = message.attachments
    assert filename.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def _event(message):
    parsed = _ics(message)
    [event] = parsed.walk("VEVENT")
    return str(parsed["method"]), event


def _html(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def _register(session, organisation, email):
    user = MembershipFactory(organisation=organisation, user__email=email).user
    return services.register(session=session, user=user, organisation=organisation)


def test_confirmation_mail_after_commit_with_invitation(
    partner_a, mailoutbox, django_capture_on_commit_callbacks
):
    session = ThemeSessionFactory(title="Wat werkt in de huismeesterij")

    with django_capture_on_commit_callbacks(execute=True):
        _register(session, partner_a, "anna@maasoever.example")

    [message] = mailoutbox
    assert message.to == ["anna@maasoever.example"]
    assert message.subject == "Aanmelding bevestigd: Wat werkt in de huismeesterij"
    assert "Je aanmelding is bevestigd" in message.body
    assert "Woonstichting De Maasoever" in message.body
    assert "Je aanmelding is bevestigd" in _html(message)
    method, event = _event(message)
    assert method == "REQUEST"
    assert str(event["summary"]) == "Wat werkt in de huismeesterij"
    assert event.decoded("dtstart") == session.starts_at
    assert str(event["uid"]) == calendar.session_uid(session)


def test_mail_waits_for_the_commit(partner_a, mailoutbox):
    # The test transaction never commits, so the on-commit callbacks never run.
    _register(ThemeSessionFactory(), partner_a, "anna@maasoever.example")

    assert mailoutbox == []


def test_waiting_list_mail_names_the_position(
    partner_a, mailoutbox, django_capture_on_commit_callbacks
):
    session = ThemeSessionFactory(capacity=0)
    _register(session, partner_a, "eerste@maasoever.example")

    with django_capture_on_commit_callbacks(execute=True):
        _register(session, partner_a, "tweede@maasoever.example")

    [message] = mailoutbox
    assert message.subject.startswith("Op de wachtlijst: ")
    assert "op plaats 2" in message.body
    assert "op plaats 2" in _html(message)
    method, event = _event(message)
    assert method == "PUBLISH"
    assert str(event["uid"]) == calendar.session_uid(session)


def test_cancellation_and_promotion_mails(
    partner_a, mailoutbox, django_capture_on_commit_callbacks
):
    session = ThemeSessionFactory(capacity=1)
    confirmed = _register(session, partner_a, "vast@maasoever.example")
    _register(session, partner_a, "wacht@maasoever.example")

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=confirmed, by=confirmed.user)

    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert set(by_recipient) == {"vast@maasoever.example", "wacht@maasoever.example"}
    cancellation = by_recipient["vast@maasoever.example"]
    assert cancellation.subject.startswith("Aanmelding geannuleerd: ")
    method, event = _event(cancellation)
    assert (method, str(event["status"])) == ("CANCEL", "CANCELLED")
    promotion = by_recipient["wacht@maasoever.example"]
    assert promotion.subject.startswith("Er is een plaats voor je vrijgekomen: ")
    assert "je aanmelding is nu bevestigd" in promotion.body
    method, promoted_event = _event(promotion)
    assert method == "REQUEST"
    assert promoted_event["uid"] == event["uid"]


def _tomorrow_at(hour: int) -> datetime.datetime:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(hour)))


def _session_starting(starts_at, **fields) -> ThemeSession:
    return ThemeSessionFactory(
        starts_at=starts_at,
        registration_opens_at=starts_at - datetime.timedelta(days=30),
        registration_closes_at=starts_at - datetime.timedelta(hours=1),
        **fields,
    )


@pytest.mark.parametrize("hour", [0, 23])
def test_reminders_go_to_confirmed_participants_of_tomorrows_sessions(
    partner_a, mailoutbox, django_capture_on_commit_callbacks, hour
):
    tomorrow = _session_starting(_tomorrow_at(hour), title="Morgen")
    confirmed = RegistrationFactory(session=tomorrow, user__email="komt@maasoever.example")
    RegistrationFactory(session=tomorrow, status=Registration.Status.WAITING)
    RegistrationFactory(session=tomorrow, status=Registration.Status.CANCELLED)
    later = _session_starting(_tomorrow_at(hour) + datetime.timedelta(days=1))
    RegistrationFactory(session=later)
    off = _session_starting(_tomorrow_at(12), status=ThemeSession.Status.CANCELLED)
    RegistrationFactory(session=off)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_session_reminders")

    [message] = mailoutbox
    assert message.to == [confirmed.user.email]
    assert message.subject == "Morgen: Morgen"
    assert "de bijeenkomst is morgen" in message.body
    method, event = _event(message)
    assert method == "REQUEST"
    assert event.decoded("dtstart") == tomorrow.starts_at


def test_reminders_for_a_named_day(partner_a, mailoutbox, django_capture_on_commit_callbacks):
    starts_at = _tomorrow_at(10) + datetime.timedelta(days=3)
    RegistrationFactory(session=_session_starting(starts_at))

    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "send_session_reminders", "--date", timezone.localtime(starts_at).date().isoformat()
        )

    assert len(mailoutbox) == 1


def test_running_the_reminders_twice_a_day_reminds_once(
    partner_a, mailoutbox, django_capture_on_commit_callbacks, capsys
):
    tomorrow = _session_starting(_tomorrow_at(10))
    first = RegistrationFactory(session=tomorrow)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_session_reminders")
    assert len(mailoutbox) == 1
    first.refresh_from_db()
    assert first.reminder_sent_at is not None
    # Someone registers between the runs: only they get a reminder from the second run.
    late = RegistrationFactory(session=tomorrow)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_session_reminders")

    assert [message.to for message in mailoutbox] == [[first.user.email], [late.user.email]]
    assert capsys.readouterr().out.splitlines()[-1].startswith("1 reminder(s) sent")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_session_reminders")
    assert len(mailoutbox) == 2
