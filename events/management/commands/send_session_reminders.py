"""Remind confirmed participants of the sessions that start tomorrow (local date).

Run once a day (cron, systemd timer). A session is picked only on the day before its start, and
each registration remembers its reminder, so a participant is reminded once however often the
command runs; `--date` names another day to send for, e.g. to catch up after a missed run.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from events import services


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
        sent = services.remind_participants(day=day)
        self.stdout.write(f"{sent} reminder(s) sent for sessions on {day.isoformat()}.")
