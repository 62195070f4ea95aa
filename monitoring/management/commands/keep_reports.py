"""Queue the rendering again of every kept monitoring report that another renderer or other
print styles made (tasks.render_kept_reports_again), so that after a deploy which changes them
the next download of each report is at once. The worker renders them after the tasks people
wait for. Run after `migrate` on every deploy (scripts/docker-entrypoint.sh, `make migrate`);
with nothing changed it queues one task that finds nothing to do.
"""

from django.core.management.base import BaseCommand

from monitoring.tasks import render_kept_reports_again


class Command(BaseCommand):
    help = "Queue the rendering again of the kept monitoring reports of an earlier renderer."

    def handle(self, *args, **options):
        render_kept_reports_again.enqueue()
        self.stdout.write("Queued: the kept reports of an earlier renderer are rendered again.")
