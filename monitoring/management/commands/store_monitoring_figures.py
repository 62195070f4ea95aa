"""Compute the key figures of every monitoring plan again and keep them
(MonitoringPlan.store_figures), as a save of the monitoring does.

Run once after a change in how the kept figures are computed, such as the SROI ratio kept as
the description's page rounds it (calculations.shown_ratio); archetypes, benchmarks and
lists read the kept figures.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from monitoring.models import MonitoringPlan


class Command(BaseCommand):
    help = "Compute the key figures of every monitoring plan again and keep them."

    def handle(self, *args, **options):
        plans = MonitoringPlan.objects.with_details().order_by("pk")
        count = 0
        for plan in plans.iterator(chunk_size=100):
            with transaction.atomic():
                plan.store_figures()
            count += 1
        self.stdout.write(f"{count} monitoring plan(s) computed again.")
