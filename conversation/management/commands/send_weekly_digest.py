"""E-mail each member who follows something what is new there this week.

Run once a week (cron, systemd timer), like the reminder commands. Each member gets one digest
per week at most, and none when nothing is new (conversation/digest.py); a second run in the
same week sends nothing twice.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import ngettext

from conversation import digest


class Command(BaseCommand):
    help = "E-mail the weekly digest of what is new in what each member follows, once a week."

    def handle(self, *args, **options):
        sent = digest.send_weekly_digests()
        with translation.override(settings.LANGUAGE_CODE):
            self.stdout.write(
                ngettext("%(count)d digest sent.", "%(count)d digests sent.", sent)
                % {"count": sent}
            )
