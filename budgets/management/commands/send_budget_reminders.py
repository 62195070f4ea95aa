"""Remind the members of each open liveability budget round that it closes soon.

Run once a day (cron, systemd timer). A round is reminded once, on the first run within
`--days` days (7 by default) before its closing date.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone, translation
from django.utils.translation import ngettext

from budgets import services


class Command(BaseCommand):
    help = "E-mail the members of budget rounds that close within a few days, once per round."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=7,
            help="Remind for rounds that close within this many days (default 7).",
        )

    def handle(self, *args, **options):
        sent = services.remind_round_members(
            today=timezone.localdate(), days_before=options["days"]
        )
        with translation.override(settings.LANGUAGE_CODE):
            self.stdout.write(
                ngettext("%(count)d reminder sent.", "%(count)d reminders sent.", sent)
                % {"count": sent}
            )
