import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from tests.factories import UserFactory
from tests.wwidw.test_settings import PRODUCTION_ENV, run_manage
from wwidw import health

needs_task_queue = pytest.mark.skipif(
    not apps.is_installed("django_tasks_db"), reason="the task queue is not installed yet"
)


@pytest.fixture(autouse=True)
def _migrations_not_yet_checked(monkeypatch):
    # A process remembers that its migrations were applied; each test starts afresh.
    monkeypatch.setattr(health, "_migrations_applied", False)


def _enqueue(*, waited: timedelta, run_after=None):
    from django_tasks_db.models import get_date_max  # only importable once installed

    model = apps.get_model("django_tasks_database", "DBTaskResult")
    task = model.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="wwidw.tasks.example",
        backend_name="default",
        run_after=run_after or get_date_max(),  # what enqueue() stores for "no run_after"
    )
    model.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - waited)
    return task


@pytest.mark.django_db
def test_healthy_site_answers_ok_and_only_reads(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(20) as captured:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies
    statements = [query["sql"].lstrip().split()[0].upper() for query in captured.captured_queries]
    assert set(statements) <= {"SELECT", "SAVEPOINT", "RELEASE"}, statements


@pytest.mark.django_db
def test_probe_with_the_load_balancers_own_host_is_answered(client):
    response = client.get("/healthz", headers={"host": "10.0.3.7:8000"})
    assert response.status_code == 200
    assert response.content == b"ok"
    assert client.get("/", headers={"host": "10.0.3.7:8000"}).status_code == 400


@pytest.mark.django_db
def test_probe_over_plain_http_is_not_redirected_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


@pytest.mark.django_db
def test_unapplied_migration_makes_the_site_not_ok(client):
    latest = MigrationLoader(connection).graph.leaf_nodes("wwidw")[0]
    MigrationRecorder(connection).record_unapplied(*latest)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"not ok"


@pytest.mark.django_db
def test_applied_migrations_are_checked_once_per_process(client, django_assert_max_num_queries):
    client.get("/healthz")
    latest = MigrationLoader(connection).graph.leaf_nodes("wwidw")[0]
    MigrationRecorder(connection).record_unapplied(*latest)
    with django_assert_max_num_queries(3):
        assert client.get("/healthz").status_code == 200


@needs_task_queue
@pytest.mark.django_db
def test_task_waiting_too_long_makes_the_site_not_ok(client, settings):
    settings.HEALTHZ_TASK_WAIT_MINUTES = 15
    _enqueue(waited=timedelta(minutes=16))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"not ok"


@needs_task_queue
@pytest.mark.django_db
def test_task_that_may_run_only_later_is_not_stuck(client, settings):
    settings.HEALTHZ_TASK_WAIT_MINUTES = 15
    _enqueue(waited=timedelta(hours=2), run_after=timezone.now() - timedelta(minutes=5))
    _enqueue(waited=timedelta(hours=2), run_after=timezone.now() + timedelta(hours=1))
    _enqueue(waited=timedelta(minutes=5))
    assert client.get("/healthz").status_code == 200


@needs_task_queue
@pytest.mark.django_db
def test_task_whose_run_after_passed_long_ago_is_stuck(client, settings):
    settings.HEALTHZ_TASK_WAIT_MINUTES = 15
    _enqueue(waited=timedelta(hours=2), run_after=timezone.now() - timedelta(minutes=30))
    assert client.get("/healthz").status_code == 503


@needs_task_queue
@pytest.mark.django_db
def test_superuser_sees_which_check_failed(client):
    _enqueue(waited=timedelta(days=1))
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {
        "ok": False,
        "checks": {"database": True, "migrations": True, "task_queue": False},
    }


@pytest.mark.django_db
def test_signed_in_member_and_anonymous_see_no_details(client, member_a):
    assert client.get("/healthz").content == b"ok"
    client.force_login(member_a)
    assert client.get("/healthz").content == b"ok"


def test_database_down_makes_the_site_not_ok():
    code = (
        "from django.test import Client; response = Client().get('/healthz'); "
        "print(response.status_code, response.content.decode())"
    )
    env = {**PRODUCTION_ENV, "DATABASE_URL": "postgres://wwidw@127.0.0.1:9/wwidw"}
    result = run_manage("shell", "-c", code, env=env)
    assert result.stdout.splitlines()[-1] == "503 not ok", result.stderr
