"""Remind confirmed participants of the sessions that start tomorrow (local date).

Run once a day (cron, systemd timer). A session is picked only on the day before its start, so
daily runs remind each participant once; `--date` names another day to send for, e.g. to catch
up after a missed run.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from events import emails
from events.models import Registration, ThemeSession


def sessions_on(day: datetime.date):
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    return ThemeSession.objects.filter(
        status=ThemeSession.Status.PLANNED, starts_at__gte=start, starts_at__lt=end
    )


class Command(BaseCommand):
    help = "E-mail a reminder to the confirmed participants of the sessions that start tomorrow."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="Remind for the sessions on this day (YYYY-MM-DD) instead of tomorrow."
        )

    def handle(self, *args, **options):
        if options["date"]:
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"--date: not a date (YYYY-MM-DD): {options['date']}") from None
        else:
            day = timezone.localdate() + datetime.timedelta(days=1)
        registrations = (
            Registration.objects.filter(
                session__in=sessions_on(day), status=Registration.Status.CONFIRMED
            )
            .select_related("session", "user", "organisation")
            .order_by("session__starts_at", "pk")
        )
        sent = 0
        for registration in registrations:
            emails.send(registration, kind="reminder")
            sent += 1
        self.stdout.write(f"{sent} reminder(s) sent for sessions on {day.isoformat()}.")
