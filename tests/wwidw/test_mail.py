"""E-mail goes out through the task queue: an action never waits for, or fails on, the mail
server, and a mail that could not be sent is tried again later."""

import datetime
import logging
import signal
import smtplib

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db.models import F
from django.tasks import TaskResultStatus
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from pytest_django.asserts import assertContains, assertNotContains

from budgets import services as budget_services
from budgets.models import BudgetApplication, BudgetRound
from events import services as event_services
from events.models import Registration
from tests.factories import (
    BudgetApplicationFactory,
    BudgetRoundFactory,
    InterventionFactory,
    MembershipFactory,
    ThemeSessionFactory,
    UserFactory,
    make_complete,
)
from wwidw import mail as site_mail
from wwidw.models import Membership
from wwidw.services import save_membership

LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
DOWN = {"default": {"BACKEND": "tests.wwidw.test_mail.UnreachableBackend"}}


class UnreachableBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPConnectError(421, "Service not available")


def _time_passes(delta: datetime.timedelta) -> None:
    """Move the waiting tasks forward in time: what was due in `delta` is due now."""
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(
        run_after=F("run_after") - delta
    )


def _send_after_the_mail_server_recovers(settings, run_tasks, mailoutbox) -> None:
    """The first attempt fails on the unreachable server; once it is back and the first retry
    is due, the worker sends the mail, once."""
    assert run_tasks() == 1
    assert mailoutbox == []
    waiting = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert waiting.args_kwargs["kwargs"]["attempt"] == 2
    settings.MAILERS = LOCMEM
    assert run_tasks() == 0  # the retry is not due yet
    _time_passes(site_mail.RETRY_DELAYS[0])
    assert run_tasks() == 1
    assert run_tasks() == 0
    assert len(mailoutbox) == 1


def test_a_registration_succeeds_while_the_mail_server_is_down(
    client, member_a, partner_a, settings, database_tasks, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    settings.MAILERS = DOWN
    session = ThemeSessionFactory(title="Wat werkt in de huismeesterij")
    client.force_login(member_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:register", args=[session.slug]),
            {"organisation": partner_a.pk, "remark": ""},
        )

    assert response.status_code == 302
    assert Registration.objects.get(session=session, user=member_a).status == "bevestigd"
    assert mailoutbox == []
    _send_after_the_mail_server_recovers(settings, database_tasks, mailoutbox)
    [message] = mailoutbox
    assert message.to == [member_a.email]
    assert message.subject == "Aanmelding bevestigd: Wat werkt in de huismeesterij"
    [(filename, _content, mimetype)] = message.attachments
    assert (filename, mimetype) == (f"{session.slug}.ics", "text/calendar; method=REQUEST")


def test_a_budget_decision_succeeds_while_the_mail_server_is_down(
    client, member_a, manager_a, partner_a, settings, database_tasks, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    budget_round = BudgetRoundFactory(organisation=partner_a)
    application = BudgetApplicationFactory(
        round=budget_round,
        applicant=member_a,
        intervention=make_complete(InterventionFactory(organisation=partner_a, title="Moestuin")),
    )
    budget_services.submit_application(application=application, by=member_a)
    budget_services.set_round_status(
        round=budget_round, status=BudgetRound.Status.REVIEW, by=manager_a
    )
    settings.MAILERS = DOWN
    client.force_login(manager_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("budgets:application_decide", kwargs={"pk": application.pk}),
            {"status": "afgewezen", "reason": "Past niet in deze ronde."},
        )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == BudgetApplication.Status.REJECTED
    assert mailoutbox == []
    _send_after_the_mail_server_recovers(settings, database_tasks, mailoutbox)
    [message] = mailoutbox
    assert message.to == [member_a.email]
    assert message.subject == "Besluit over je aanvraag: Moestuin"


def _message() -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject="Onderwerp",
        body="Tekst",
        to=["a@partner.example"],
        cc=["b@partner.example"],
        reply_to=["bureau@wwidw.example"],
        headers={"X-Kind": "test"},
    )
    message.attach_alternative("<p>Tekst</p>", "text/html")
    message.attach("agenda.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    message.attach("logo.png", b"\x89PNG\r\n\x1a\n\x00\xff", "image/png")
    return message


def test_a_queued_message_arrives_as_it_was_built(
    database_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        site_mail.queue_email(_message())
    assert mailoutbox == []
    assert database_tasks() == 1
    [sent] = mailoutbox
    assert (sent.subject, sent.body, sent.to, sent.cc) == (
        "Onderwerp",
        "Tekst",
        ["a@partner.example"],
        ["b@partner.example"],
    )
    assert sent.reply_to == ["bureau@wwidw.example"]
    assert sent.extra_headers == {"X-Kind": "test"}
    assert sent.alternatives == [("<p>Tekst</p>", "text/html")]
    assert sent.attachments == [
        ("agenda.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar"),
        ("logo.png", b"\x89PNG\r\n\x1a\n\x00\xff", "image/png"),
    ]


def test_a_rolled_back_action_queues_nothing(database_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        site_mail.queue_email(_message())
    assert DBTaskResult.objects.count() == 0
    assert len(callbacks) == 1


def test_retries_wait_longer_each_time_then_fail_visibly(
    settings, database_tasks, mailoutbox, caplog, django_capture_on_commit_callbacks
):
    settings.MAILERS = DOWN
    with django_capture_on_commit_callbacks(execute=True):
        site_mail.queue_email(_message())
    waits = []
    with caplog.at_level(logging.WARNING, logger="wwidw.mail"):
        for _ in site_mail.RETRY_DELAYS:
            assert database_tasks() == 1
            retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
            waits.append(retry.run_after - retry.enqueued_at)
            _time_passes(retry.run_after - retry.enqueued_at)
        assert database_tasks() == 1

    assert [round(wait.total_seconds() / 60) for wait in waits] == [1, 5, 25, 125, 625]
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 0
    [failed] = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
    assert failed.exception_class_path == "smtplib.SMTPConnectError"
    assert failed.args_kwargs["kwargs"]["attempt"] == len(site_mail.RETRY_DELAYS) + 1
    errors = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert "'Onderwerp' to a@partner.example, b@partner.example not sent after 6" in (
        errors[0].getMessage()
    )
    assert mailoutbox == []


def test_the_password_reset_mail_is_queued(
    client, member_a, database_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": member_a.email})
    assert mailoutbox == []
    assert database_tasks() == 1
    [message] = mailoutbox
    assert message.to == [member_a.email]


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_sends_what_a_committed_action_queued(
    reference_data, database_tasks, mailoutbox
):
    membership = MembershipFactory()
    event_services.register(
        session=ThemeSessionFactory(), user=membership.user, organisation=membership.organisation
    )
    assert mailoutbox == []
    numbers = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    handlers = {number: signal.getsignal(number) for number in numbers}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    assert [message.to for message in mail.outbox] == [[membership.user.email]]


def test_only_the_technical_administrator_sees_the_mail_queue(
    client, settings, database_tasks, programme_staff, django_capture_on_commit_callbacks
):
    settings.MAILERS = DOWN
    with django_capture_on_commit_callbacks(execute=True):
        site_mail.queue_email(_message())
    database_tasks()
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    url = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    response = client.get(url, {"status__exact": "READY"})
    assertContains(response, "Onderwerp aan a@partner.example, poging 2")
    assertContains(client.get(reverse("admin:index")), url)

    client.force_login(programme_staff)
    assert client.get(url).status_code == 403
    assertNotContains(client.get(reverse("admin:index")), url)


def test_the_membership_change_mail_is_queued(
    programme_staff, manager_a, member_b, partner_a, database_tasks, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        save_membership(
            membership=Membership(user=member_b, organisation=partner_a), by=programme_staff
        )
    assert mailoutbox == []
    [queued] = DBTaskResult.objects.all()
    assert queued.args_kwargs["kwargs"]["to"] == [manager_a.email]
    assert database_tasks() == 1
    assert [message.to for message in mailoutbox] == [[manager_a.email]]
