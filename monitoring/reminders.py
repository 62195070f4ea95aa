"""Keeping the monitoring alive: what passed without figures.

A reporting period is overdue once its last day has passed while it is still open and holds no
realised costs and no realised results. An effect indicator is overdue once its baseline date
has passed without a baseline value (the nulmeting), or its planned next measurement date has
passed without a measurement on or after that date. The organisation dashboard lists these
under "Te doen"; `send_monitoring_reminders` e-mails each of them once (services.py).

Who is reminded: the description's contact e-mail address when it has one; otherwise its
creator, while still an active member of the organisation; otherwise the organisation's active
managers.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from interventions import choices as intervention_choices
from monitoring import choices
from monitoring.models import (
    CostLine,
    EffectIndicator,
    EffectMeasurement,
    MonitoringPlan,
    MonitoringReminder,
    OutputValue,
    ReportingPeriod,
)
from wwidw.models import Membership, User


@dataclass(frozen=True)
class Overdue:
    """One date that passed without figures."""

    plan: MonitoringPlan
    kind: str
    due_date: datetime.date
    period: ReportingPeriod | None = None
    indicator: EffectIndicator | None = None

    @property
    def key(self) -> tuple:
        row = self.period.pk if self.period else self.indicator.pk
        return (self.kind, row, self.due_date)

    @property
    def text(self) -> str:
        values = {
            "date": date_format(self.due_date),
            "period": self.period.label if self.period else "",
            "indicator": self.indicator.name if self.indicator else "",
        }
        if self.kind == choices.ReminderKind.PERIOD:
            return (
                _(
                    "The period %(period)s ended on %(date)s and has no realised costs or "
                    "results yet."
                )
                % values
            )
        if self.kind == choices.ReminderKind.BASELINE:
            return (
                _(
                    "The baseline (nulmeting) of “%(indicator)s” was planned for %(date)s and has "
                    "no value yet."
                )
                % values
            )
        return (
            _(
                "A measurement of “%(indicator)s” was planned for %(date)s and has not been "
                "entered yet."
            )
            % values
        )

    @property
    def url_name(self) -> str:
        return "monitoring:costs" if self.period else "monitoring:effects"

    @property
    def url(self) -> str:
        return reverse(self.url_name, args=[self.plan.intervention_id])

    def as_reminder(self, sent_to: str) -> MonitoringReminder:
        return MonitoringReminder(
            plan=self.plan,
            kind=self.kind,
            period=self.period,
            indicator=self.indicator,
            due_date=self.due_date,
            sent_to=sent_to[:500],
        )


def active_plans() -> QuerySet:
    """Plans of descriptions that are not archived."""
    return MonitoringPlan.objects.exclude(
        intervention__status=intervention_choices.Status.ARCHIVED
    )


def overdue_periods(plans, today: datetime.date):
    realised_costs = CostLine.objects.filter(period=OuterRef("pk"), is_budget=False)
    realised_results = OutputValue.objects.filter(period=OuterRef("pk"), realised__isnull=False)
    return ReportingPeriod.objects.filter(
        plan__in=plans, end_date__lt=today, status=choices.PeriodStatus.OPEN
    ).exclude(Exists(realised_costs) | Exists(realised_results))


def overdue_indicators(plans, today: datetime.date):
    """Indicators with a missed nulmeting or planned measurement; `measured_since` says
    whether the planned measurement was done."""
    measured_since = EffectMeasurement.objects.filter(
        indicator=OuterRef("pk"), date__gte=OuterRef("next_measurement_date")
    )
    return (
        EffectIndicator.objects.filter(plan__in=plans)
        .annotate(measured_since=Exists(measured_since))
        .filter(
            Q(baseline_value__isnull=True, baseline_date__lt=today)
            | Q(next_measurement_date__lt=today, measured_since=False)
        )
    )


def overdue_items(plans, today: datetime.date) -> list[Overdue]:
    """Everything overdue in `plans`, by description and date: two queries."""
    plans_by_pk = {}
    items = []
    periods = overdue_periods(plans, today).select_related("plan__intervention")
    for period in periods:
        plan = plans_by_pk.setdefault(period.plan_id, period.plan)
        items.append(Overdue(plan, choices.ReminderKind.PERIOD, period.end_date, period=period))
    indicators = overdue_indicators(plans, today).select_related("plan__intervention")
    for indicator in indicators:
        plan = plans_by_pk.setdefault(indicator.plan_id, indicator.plan)
        if indicator.baseline_value is None and indicator.baseline_date < today:
            items.append(
                Overdue(
                    plan,
                    choices.ReminderKind.BASELINE,
                    indicator.baseline_date,
                    indicator=indicator,
                )
            )
        next_date = indicator.next_measurement_date
        if next_date and next_date < today and not indicator.measured_since:
            items.append(
                Overdue(plan, choices.ReminderKind.MEASUREMENT, next_date, indicator=indicator)
            )
    items.sort(key=lambda item: (item.plan.intervention.title.casefold(), item.due_date))
    return items


def sent_keys(plans) -> set[tuple]:
    """The (kind, row, date) of every reminder already sent for `plans`."""
    sent = MonitoringReminder.objects.filter(plan__in=plans).values_list(
        "kind", "period_id", "indicator_id", "due_date"
    )
    return {(kind, period or indicator, due) for kind, period, indicator, due in sent}


def recipients(plan: MonitoringPlan) -> list[str]:
    """The description's contact; else its creator while an active member of the plan's
    organisation; else the organisation's active managers."""
    intervention = plan.intervention
    if intervention.contact_email:
        return [intervention.contact_email]
    creator = User.objects.filter(
        pk=intervention.created_by_id,
        is_active=True,
        memberships__organisation=plan.organisation_id,
    ).first()
    if creator:
        return [creator.email]
    managers = Membership.objects.filter(
        organisation=plan.organisation_id,
        role=Membership.Role.MANAGER,
        user__is_active=True,
    ).order_by("user__email")
    return [membership.user.email for membership in managers.select_related("user")]
