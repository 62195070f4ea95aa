"""The health of a web process, for a load balancer: `/healthz` answers 200 "ok" or 503 "not ok".

Healthy means: the database answers, every migration is applied, and the task queue is not stuck
(no task ready to run has waited longer than HEALTHZ_TASK_WAIT_MINUTES). The checks only read.
Superusers, and everyone while DEBUG is on, get which check failed as JSON.
"""

from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache

PATH = "/healthz"

# Once every migration is applied, it stays so for the life of this process (new migrations come
# with new code, hence a new process), so the migration graph is read only until it passes.
_migrations_applied = False


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def migrations_applied() -> bool:
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connection)
        _migrations_applied = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrations_applied


def task_queue_moving() -> bool:
    """False when a task ready to run has waited too long: no worker takes tasks."""
    if not apps.is_installed("django_tasks_db"):
        return True
    task_results = apps.get_model("django_tasks_database", "DBTaskResult").objects
    now = timezone.now()
    cutoff = now - timedelta(minutes=settings.HEALTHZ_TASK_WAIT_MINUTES)
    # A ready task waits from when it was enqueued or, when later, from its run_after; a task
    # without run_after has the far future there.
    waiting = task_results.ready().filter(enqueued_at__lt=cutoff)
    return not waiting.exclude(run_after__gte=cutoff, run_after__lte=now).exists()


def run_checks() -> dict[str, bool]:
    down = {"database": False, "migrations": False, "task_queue": False}
    if not database_answers():
        return down
    try:
        return {
            "database": True,
            "migrations": migrations_applied(),
            "task_queue": task_queue_moving(),
        }
    except DatabaseError:
        return down


def health_response(*, details: bool) -> HttpResponse:
    checks = run_checks()
    healthy = all(checks.values())
    status = 200 if healthy else 503
    if details:
        response = JsonResponse({"ok": healthy, "checks": checks}, status=status)
    else:
        response = HttpResponse(
            "ok" if healthy else "not ok", content_type="text/plain", status=status
        )
    add_never_cache_headers(response)  # a cached "ok" would hide an outage
    return response


@never_cache
def healthz(request):
    """The probe's answer to a browser with a session: details for superusers."""
    return health_response(details=settings.DEBUG or request.user.is_superuser)


class HealthProbeMiddleware:
    """Answer a load balancer's probe of /healthz before anything else runs.

    A probe sends the Host of its own choosing (often the machine's address), which
    ALLOWED_HOSTS refuses, comes over plain HTTP, which the SSL redirect would send away, and
    has no session. The answer is only "ok" or "not ok", so none of that is needed. A browser
    with a session goes on to the `healthz` view, which shows a superuser the details.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH and settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return health_response(details=settings.DEBUG)
        return self.get_response(request)
