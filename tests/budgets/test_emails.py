import datetime
import decimal

import pytest
from django.core.management import call_command
from django.db import transaction

from budgets import services
from budgets.models import BudgetApplication, BudgetRound
from tests.budgets.test_models import short_plan
from tests.factories import BudgetApplicationFactory, BudgetRoundFactory, MembershipFactory

D = decimal.Decimal
TODAY = datetime.date(2026, 3, 20)


def _html(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


@pytest.fixture
def budget_round(partner_a):
    return BudgetRoundFactory(
        organisation=partner_a, name="Leefbaar Maasoever 2026", status=BudgetRound.Status.REVIEW
    )


@pytest.fixture
def application(budget_round, member_a):
    return BudgetApplicationFactory(
        round=budget_round,
        applicant=member_a,
        intervention=short_plan(budget_round.organisation, title="Speeltuin Oude Westen"),
        amount_requested=D("8000.00"),
        status=BudgetApplication.Status.SUBMITTED,
    )


def _decide(application, by, status, amount, reason) -> None:
    services.decide_application(
        application=application, status=status, awarded_amount=amount, reason=reason, by=by
    )


# The decision


def test_the_decision_mail_waits_for_the_commit(application, manager_a, mailoutbox):
    # The test transaction never commits, so the on-commit callbacks never run.
    _decide(application, manager_a, "toegekend", None, "")
    assert mailoutbox == []


def test_no_mail_when_the_decision_is_rolled_back(
    application, manager_a, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _decide(application, manager_a, "toegekend", None, "")
        raise RuntimeError("the request failed after the decision")
    assert callbacks == []
    assert mailoutbox == []
    application.refresh_from_db()
    assert application.status == BudgetApplication.Status.SUBMITTED


def test_a_decision_recorded_without_notice_mails_nobody(
    application, manager_a, mailoutbox, django_capture_on_commit_callbacks
):
    """The demo data records last year's decisions; their applicants are not mailed today."""
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_application(
            application=application,
            status="toegekend",
            awarded_amount=None,
            reason="",
            by=manager_a,
            notify=False,
        )
    assert application.decisions.count() == 1
    assert mailoutbox == []


def test_the_applicant_reads_decision_amount_and_reason(
    application, manager_a, member_a, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://wwidw.example.nl"
    with django_capture_on_commit_callbacks(execute=True):
        _decide(application, manager_a, "deels_toegekend", D("6250.00"), "Zonder de catering.")

    [message] = mailoutbox
    assert message.to == [member_a.email]
    assert message.subject == "Besluit over je aanvraag: Speeltuin Oude Westen"
    url = f"https://wwidw.example.nl/leefbaarheidsbudget/aanvragen/{application.pk}/"
    for text in (message.body, _html(message)):
        assert (
            "Woonstichting De Maasoever heeft een besluit genomen over je aanvraag in de ronde "
            "‘Leefbaar Maasoever 2026’." in text
        )
        assert "deels toegekend" in text
        assert "€ 8.000,00" in text
        assert "€ 6.250,00" in text
        assert "Zonder de catering." in text
        assert "financieringsregel (leefbaarheidsbudget)" in text
        assert url in text
    assert "Toegekend bedrag: € 6.250,00" in message.body
    assert "Reden: Zonder de catering." in message.body


def test_a_rejection_mail_has_the_reason_and_no_amount_awarded(
    application, manager_a, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _decide(application, manager_a, "afgewezen", None, "Past niet in deze ronde.")

    [message] = mailoutbox
    assert "Besluit: afgewezen" in message.body
    assert "Reden: Past niet in deze ronde." in message.body
    assert "Toegekend bedrag" not in message.body
    assert "financieringsregel" not in message.body


# The reminder


@pytest.fixture
def closing_round(partner_a):
    return BudgetRoundFactory(
        organisation=partner_a,
        name="Buurtgeld voorjaar",
        opening_date=datetime.date(2026, 3, 1),
        closing_date=datetime.date(2026, 3, 25),
    )


def test_reminders_go_to_the_members_once_naming_their_drafts(
    closing_round, member_a, manager_a, member_b, mailoutbox, django_capture_on_commit_callbacks
):
    draft = BudgetApplicationFactory(
        round=closing_round,
        applicant=member_a,
        intervention=short_plan(closing_round.organisation, title="Moestuin Tarwewijk"),
        amount_requested=D("2500.00"),
    )
    BudgetApplicationFactory(
        round=closing_round,
        applicant=member_a,
        intervention=short_plan(closing_round.organisation, title="Al ingediend"),
        status=BudgetApplication.Status.SUBMITTED,
    )
    MembershipFactory(organisation=closing_round.organisation, user__is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.remind_round_members(today=TODAY, days_before=7)

    assert sent == 2
    by_address = {message.to[0]: message for message in mailoutbox}
    assert set(by_address) == {member_a.email, manager_a.email}
    message = by_address[member_a.email]
    assert message.subject == "Buurtgeld voorjaar sluit op 25 maart 2026"
    assert "Deze aanvragen van jou zijn nog concept" in message.body
    assert "Moestuin Tarwewijk (€ 2.500,00)" in message.body
    assert draft.get_absolute_url() in message.body
    assert "Al ingediend" not in message.body
    assert "Moestuin Tarwewijk" in _html(message)
    other = by_address[manager_a.email]
    assert "Moestuin Tarwewijk" not in other.body
    assert "Heb je een buurtproject dat geld nodig heeft?" in other.body
    closing_round.refresh_from_db()
    assert closing_round.reminded_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_round_members(today=TODAY, days_before=7) == 0
    assert len(mailoutbox) == 2


@pytest.mark.parametrize(
    ("today", "days", "reminded"),
    [
        (datetime.date(2026, 3, 17), 7, False),  # closes in 8 days
        (datetime.date(2026, 3, 18), 7, True),  # in 7 days
        (datetime.date(2026, 3, 25), 7, True),  # on the closing day
        (datetime.date(2026, 3, 26), 7, False),  # closed
        (datetime.date(2026, 3, 15), 10, True),
    ],
)
def test_reminders_only_within_the_days_before_closing(
    closing_round, member_a, today, days, reminded
):
    assert (services.remind_round_members(today=today, days_before=days) > 0) is reminded


def test_no_reminder_for_a_round_under_review(closing_round, member_a):
    BudgetRound.objects.filter(pk=closing_round.pk).update(status=BudgetRound.Status.REVIEW)
    assert services.remind_round_members(today=TODAY) == 0


def test_the_command_reports_in_dutch(
    partner_a, member_a, manager_a, capsys, mailoutbox, django_capture_on_commit_callbacks
):
    today = datetime.date.today()
    BudgetRoundFactory(
        organisation=partner_a,
        opening_date=today - datetime.timedelta(days=10),
        closing_date=today + datetime.timedelta(days=3),
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_budget_reminders", "--days", "2")
    assert capsys.readouterr().out.strip() == "0 herinneringen verstuurd."
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_budget_reminders")
    assert capsys.readouterr().out.strip() == "2 herinneringen verstuurd."
    assert len(mailoutbox) == 2


def test_running_the_reminders_twice_a_day_reminds_once(
    partner_a, member_a, manager_a, mailoutbox, django_capture_on_commit_callbacks
):
    today = datetime.date.today()
    BudgetRoundFactory(
        organisation=partner_a,
        opening_date=today - datetime.timedelta(days=10),
        closing_date=today + datetime.timedelta(days=3),
    )
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_budget_reminders")
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [member_a.email, manager_a.email]
    )
