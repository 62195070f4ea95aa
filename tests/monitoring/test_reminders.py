"""Keeping the monitoring alive: a reminder once a period or a planned measurement passes
without figures, "Te doen" on the dashboard, and only a manager approves a period."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from interventions.models import Intervention
from monitoring import services
from monitoring.forms import PeriodRows
from monitoring.models import MonitoringReminder, ReportingPeriod
from tests.factories import (
    CostLineFactory,
    EffectIndicatorFactory,
    EffectMeasurementFactory,
    InterventionFactory,
    MonitoringPlanFactory,
    OutputValueFactory,
    ReportingPeriodFactory,
)
from wwidw.models import Membership

TODAY = datetime.date(2026, 3, 10)
D = Decimal


@pytest.fixture
def plan(partner_a, member_a):
    intervention = InterventionFactory(
        organisation=partner_a,
        created_by=member_a,
        title="Huismeester Oude Westen",
        contact_name="Fatima Ouali",
        contact_email="fatima@maasoever.example",
    )
    return MonitoringPlanFactory(intervention=intervention)


def period(plan, label="2025", end=datetime.date(2025, 12, 31), **fields):
    return ReportingPeriodFactory(
        plan=plan, label=label, start_date=end.replace(month=1, day=1), end_date=end, **fields
    )


def remind(capture, today=TODAY) -> int:
    with capture(execute=True):
        return services.remind_overdue_monitoring(today=today)


def test_a_period_without_figures_is_reminded_once(
    plan, mailoutbox, django_capture_on_commit_callbacks
):
    overdue = period(plan)

    assert remind(django_capture_on_commit_callbacks) == 1

    (message,) = mailoutbox
    assert message.to == ["fatima@maasoever.example"]
    assert message.subject == "Monitoring van Huismeester Oude Westen: er ontbreken cijfers"
    assert "Beste Fatima Ouali," in message.body
    assert (
        "De periode 2025 is op 31 december 2025 afgelopen en heeft nog geen gerealiseerde "
        "kosten of resultaten." in message.body
    )
    assert reverse("monitoring:costs", args=[plan.intervention_id]) in message.body
    reminder = MonitoringReminder.objects.get()
    assert (reminder.period, reminder.due_date) == (overdue, overdue.end_date)
    assert reminder.sent_to == "fatima@maasoever.example"

    assert remind(django_capture_on_commit_callbacks) == 0
    assert len(mailoutbox) == 1


def test_the_command_reports_in_dutch(
    plan, capsys, mailoutbox, django_capture_on_commit_callbacks
):
    period(plan)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_monitoring_reminders")
    assert capsys.readouterr().out.strip() == "1 herinnering verstuurd."
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_monitoring_reminders")
    assert capsys.readouterr().out.strip() == "0 herinneringen verstuurd."
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    "figures",
    [
        lambda plan, row: CostLineFactory(plan=plan, period=row, amount=D(100)),
        lambda plan, row: OutputValueFactory(indicator__plan=plan, period=row, realised=D(5)),
    ],
    ids=["realised costs", "realised results"],
)
def test_no_reminder_for_a_period_with_figures(plan, mailoutbox, figures):
    figures(plan, period(plan))
    assert services.remind_overdue_monitoring(today=TODAY) == 0
    assert not MonitoringReminder.objects.exists()


def test_no_reminder_before_the_end_or_for_a_submitted_or_budgeted_period(plan, mailoutbox):
    period(plan, "2026", end=datetime.date(2026, 12, 31))
    period(plan, "2024", end=datetime.date(2024, 12, 31), status="ingediend")
    budgeted = period(plan, "2025")
    CostLineFactory(plan=plan, period=budgeted, amount=D(100), is_budget=True)
    # A budget is not a figure: 2025 is reminded, 2026 and the submitted 2024 are not.
    assert services.remind_overdue_monitoring(today=TODAY) == 1
    assert [reminder.period for reminder in MonitoringReminder.objects.all()] == [budgeted]


def test_no_reminder_for_an_archived_description(plan):
    period(plan)
    plan.intervention.status = Intervention.Status.ARCHIVED
    plan.intervention.save()
    assert services.remind_overdue_monitoring(today=TODAY) == 0


def test_missing_baseline_and_measurement_in_one_mail(
    plan, mailoutbox, django_capture_on_commit_callbacks
):
    EffectIndicatorFactory(
        plan=plan,
        name="Veiligheidsgevoel",
        baseline_value=None,
        target_value=None,
        baseline_date=datetime.date(2026, 2, 1),
    )
    measured = EffectIndicatorFactory(
        plan=plan, name="Overlastmeldingen", next_measurement_date=datetime.date(2026, 3, 1)
    )
    EffectMeasurementFactory(indicator=measured, date=datetime.date(2025, 3, 1))

    assert remind(django_capture_on_commit_callbacks) == 1

    body = mailoutbox[0].body
    assert "De nulmeting van “Veiligheidsgevoel” was gepland op 1 februari 2026" in body
    assert "Een meting van “Overlastmeldingen” was gepland op 1 maart 2026" in body
    assert MonitoringReminder.objects.count() == 2
    assert remind(django_capture_on_commit_callbacks) == 0
    # The measurement moves to a new date, which passes too: one new reminder.
    measured.next_measurement_date = datetime.date(2026, 6, 1)
    measured.save()
    assert remind(django_capture_on_commit_callbacks, datetime.date(2026, 6, 2)) == 1
    assert "Overlastmeldingen" in mailoutbox[1].body
    assert "Veiligheidsgevoel" not in mailoutbox[1].body


def test_no_reminder_once_measured(plan, mailoutbox):
    indicator = EffectIndicatorFactory(plan=plan, next_measurement_date=datetime.date(2026, 3, 1))
    EffectMeasurementFactory(indicator=indicator, date=datetime.date(2026, 3, 5))
    assert services.remind_overdue_monitoring(today=TODAY) == 0


def test_without_a_contact_the_author_then_the_managers(
    partner_a, member_a, manager_a, mailoutbox, django_capture_on_commit_callbacks
):
    plan = MonitoringPlanFactory(
        intervention=InterventionFactory(organisation=partner_a, created_by=member_a)
    )
    period(plan)
    remind(django_capture_on_commit_callbacks)
    assert mailoutbox[0].to == [member_a.email]
    assert "Beste collega," in mailoutbox[0].body

    Membership.objects.filter(user=member_a).delete()
    period(plan, "2025-2", end=datetime.date(2026, 1, 31))
    remind(django_capture_on_commit_callbacks)
    assert mailoutbox[1].to == [manager_a.email]


# The dashboard's "Te doen"


def test_the_dashboard_lists_what_is_overdue(client, plan, member_a, partner_b):
    period(plan)
    EffectIndicatorFactory(plan=plan, name="Veiligheidsgevoel", baseline_value=None,
                           target_value=None, baseline_date=datetime.date(2025, 2, 1))  # fmt: skip
    other = MonitoringPlanFactory(intervention__organisation=partner_b)
    period(other, "Andermans periode")
    client.force_login(member_a)

    response = client.get(reverse("organisation_dashboard", args=[plan.organisation.slug]))

    assertContains(response, "Te doen")
    assertContains(response, "De periode 2025 is op 31 december 2025 afgelopen")
    assertContains(response, "De nulmeting van “Veiligheidsgevoel”")
    assertNotContains(response, "Andermans periode")


def test_nothing_to_do_no_section(client, plan, member_a):
    period(plan, "2099", end=datetime.date(2099, 12, 31))
    client.force_login(member_a)
    response = client.get(reverse("organisation_dashboard", args=[plan.organisation.slug]))
    assertNotContains(response, "Te doen")


# Only a manager approves a period


def periods_data(row: ReportingPeriod, status: str) -> dict:
    return {
        "periods-TOTAL_FORMS": "1",
        "periods-INITIAL_FORMS": "1",
        "periods-0-id": str(row.pk),
        "periods-0-label": row.label,
        "periods-0-start_date": row.start_date.isoformat(),
        "periods-0-end_date": row.end_date.isoformat(),
        "periods-0-status": status,
        "periods-0-narrative": "Een goed jaar.",
    }


def post_periods(client, user, row, status):
    client.force_login(user)
    url = reverse("monitoring:periods", args=[row.plan.intervention_id])
    return client.post(url, periods_data(row, status))


def test_a_staff_member_cannot_approve_a_period(client, plan, member_a):
    row = period(plan)
    response = post_periods(client, member_a, row, "vastgesteld")
    assert response.status_code == 200
    assertContains(response, "Alleen een manager van je organisatie kan een periode vaststellen")
    assertContains(response, "Een goed jaar.")  # nothing typed is lost
    row.refresh_from_db()
    assert row.status == "open"


def test_a_staff_member_may_submit_a_period(client, plan, member_a):
    row = period(plan)
    assert post_periods(client, member_a, row, "ingediend").status_code == 302
    row.refresh_from_db()
    assert row.status == "ingediend"


def test_a_manager_approves_a_period(client, plan, manager_a):
    row = period(plan)
    assert post_periods(client, manager_a, row, "vastgesteld").status_code == 302
    row.refresh_from_db()
    assert row.status == "vastgesteld"


def test_a_staff_member_cannot_reopen_an_approved_period(client, plan, member_a):
    row = period(plan, status="vastgesteld")
    response = post_periods(client, member_a, row, "open")
    assertContains(response, "Alleen een manager van je organisatie")
    row.refresh_from_db()
    assert row.status == "vastgesteld"


def test_the_service_refuses_a_staff_members_approval(plan, member_a):
    row = period(plan)
    # A form without the user (as another caller might build it) passes; the service does not.
    formset = PeriodRows(periods_data(row, "vastgesteld"), instance=plan, prefix="periods")
    assert formset.is_valid()
    with pytest.raises(ValidationError, match="Alleen een manager"):
        services.save_periods(plan=plan, formset=formset, by=member_a)
    row.refresh_from_db()
    assert row.status == "open"
