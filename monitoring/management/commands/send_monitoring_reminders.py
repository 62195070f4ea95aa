"""Remind the contact of each description whose monitoring waits for figures.

Run once a day (cron, systemd timer). A reporting period that ended, or a planned nulmeting or
measurement whose date passed, without figures is reminded once (monitoring/reminders.py).
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone, translation
from django.utils.translation import ngettext

from monitoring import services


class Command(BaseCommand):
    help = "E-mail the contacts of descriptions whose monitoring misses figures, once per date."

    def handle(self, *args, **options):
        sent = services.remind_overdue_monitoring(today=timezone.localdate())
        with translation.override(settings.LANGUAGE_CODE):
            self.stdout.write(
                ngettext("%(count)d reminder sent.", "%(count)d reminders sent.", sent)
                % {"count": sent}
            )
