"""E-mail of the monitoring: the reminder that a reporting period or a planned measurement
passed without figures. It goes out through the task queue (`wwidw.mail`) once the transaction
that recorded it commits."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from monitoring.models import MonitoringPlan
from wwidw.mail import queue_email
from wwidw.text import single_line


def build_reminder_message(
    plan: MonitoringPlan, items: list, to: list[str]
) -> EmailMultiAlternatives:
    """The reminder of `items` (monitoring.reminders.Overdue) of one plan, in the site's
    language."""
    with translation.override(settings.LANGUAGE_CODE):
        intervention = plan.intervention
        context = {
            "title": intervention.title,
            "name": intervention.contact_name if intervention.contact_email else "",
            "items": [(item.text, settings.SITE_URL + item.url) for item in items],
            "monitoring_url": settings.SITE_URL + plan.get_absolute_url(),
        }
        subject = _("Monitoring of %(title)s: figures are missing") % {"title": intervention.title}
        message = EmailMultiAlternatives(
            subject=single_line(subject),
            body=render_to_string("monitoring/email/reminder.txt", context),
            to=to,
        )
        message.attach_alternative(
            render_to_string("monitoring/email/reminder.html", context), "text/html"
        )
        return message


def send_reminder_email(plan: MonitoringPlan, items: list, to: list[str]) -> None:
    """Queue the reminder once the transaction commits."""
    queue_email(build_reminder_message(plan, items, to))
