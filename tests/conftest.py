import importlib

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import connection
from django.tasks.signals import task_enqueued
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from interventions import services
from tests import migrated_state
from tests.factories import (
    InterventionFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    make_published,
)
from wwidw.models import Membership
from wwidw.permissions import PROGRAMME_STAFF_GROUP

# The tests that share the demo seeded once (tests/demo/conftest.py).
SEEDED_DEMO_TESTS = "tests/demo/"


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """With `-n` (`make test`), each test goes to whichever worker is free, in pytest-django's
    order (tests that commit after the others), except the tests of the demo: they go together
    to one worker, first, so the demo is seeded once per run.

    (`--dist loadgroup` with `xdist_group` marks would do the same, but with pytest 9.2 and
    pytest-xdist 3.8 it no longer groups: pytest-dev/pytest-xdist#1386.)
    """
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class SeededDemoTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return SEEDED_DEMO_TESTS if nodeid.startswith(SEEDED_DEMO_TESTS) else nodeid

    return SeededDemoTogether(config, log)


# The longest tests that run with a live server, longest first (`make test
# PYTEST_ARGS=--durations=30` tells them): started first among those tests, which pytest-django
# runs after the others, so that the last minute of a run is short tests on both workers, not one
# of these on one worker while the other waits.
LONGEST_LIVE_SERVER_TESTS = (
    "tests/browser/test_accessibility.py::test_no_page_of_the_administration",
    "tests/browser/test_accessibility.py::test_no_page_of_the_site",
    "tests/browser/test_kennisbank_journey.py",
    "tests/browser/test_budgets.py",
    "tests/browser/test_monitoring.py",
    "tests/browser/test_import_descriptions.py",
    "tests/browser/test_archetypes.py",
    "tests/browser/test_effects_entry.py",
)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The tests with a live server keep their places in the order (pytest-django's), but the
    longest of them take the first of those places."""
    places = [index for index, item in enumerate(items) if "live_server" in item.fixturenames]

    def rank(item) -> int:
        for number, prefix in enumerate(LONGEST_LIVE_SERVER_TESTS):
            if item.nodeid.startswith(prefix):
                return number
        return len(LONGEST_LIVE_SERVER_TESTS)

    ordered = sorted((items[index] for index in places), key=rank)
    for index, item in zip(places, ordered, strict=True):
        items[index] = item


@pytest.fixture(scope="session")
def _media_root(tmp_path_factory):
    """Uploads and stored reports of this test process, apart from those of other workers."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _test_settings(settings, _media_root):
    # No collectstatic manifest in tests, and fast password hashing.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = _media_root


@pytest.fixture(autouse=True)
def _content_types_uncached():
    """Each test starts with no content type cached, as when it runs alone: a process keeps the
    content types it looked up, and which tests ran before in the same worker differs between
    runs, so a query count must not depend on them."""
    ContentType.objects.clear_cache()


class StaffVerifiedClient(Client):
    """Django's test client, whose `force_login` of staff or a superuser also passes the second
    login step, as the administration demands (wwidw.middleware.StaffTwoFactorMiddleware).

    The account gets an authenticator app when it has none. Tests of the second step itself
    pass `verified=False`.
    """

    def force_login(self, user, backend=None, *, verified=None):
        super().force_login(user, backend)
        if verified is None:
            verified = user.is_staff or user.is_superuser
        if verified:
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            device = device or TOTPDevice.objects.create(user=user, name="Test")
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


@pytest.fixture
def client():
    return StaffVerifiedClient()


# The migrations that put list version triggers on tables (their COUNTED_TABLES).
LIST_VERSION_MIGRATIONS = [
    "interventions.migrations.0006_list_version",
    "interventions.migrations.0007_find_by_effect_and_phase",
    "monitoring.migrations.0012_list_version_of_monitoring",
    "events.migrations.0003_site_version_of_every_page",
    "conversation.migrations.0002_site_version_of_questions",
]


@pytest.fixture(autouse=True)
def _no_pages_of_other_tests():
    """A test's rollback takes the list version back to a number an earlier test used, with
    other data: the process's cache of page parts must not outlive the test."""
    yield
    caches["pages"].clear()


@pytest.fixture(autouse=True)
def _list_version_at_each_write(request):
    """The list version (interventions.models.ListVersion) changes when a write commits; a
    test's transaction never commits, so in tests it changes at each write, as the data do."""
    marker = request.node.get_closest_marker("django_db")
    committing = {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker and marker.kwargs.get("transaction")
    )
    if committing or not (marker or "db" in request.fixturenames):
        return
    request.getfixturevalue("db")
    tables = [
        table
        for name in LIST_VERSION_MIGRATIONS
        for table in importlib.import_module(name).COUNTED_TABLES
    ]
    names = ", ".join(f"{table}_list_version" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SET CONSTRAINTS {names} IMMEDIATE")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as the migrations left it; tests that commit (live-server tests among
    them) put it back so after them (tests/migrated_state.py), instead of emptying it."""
    with django_db_blocker.unblock():
        migrated_state.capture()
    migrated_state.install()


@pytest.fixture
def reference_data(transactional_db):
    """What the data migrations made (the vocabulary, the Programmabureau group): a test that
    commits finds it, as tests/migrated_state.py puts it back after each such test."""


@pytest.fixture
def partner_a(db):
    return OrganisationFactory(name="Woonstichting De Maasoever", slug="maasoever")


@pytest.fixture
def partner_b(db):
    return OrganisationFactory(name="Hofstad Woonkracht", slug="hofstad", city="Den Haag")


@pytest.fixture
def member_a(partner_a):
    return MembershipFactory(organisation=partner_a, user__full_name="Youssef El Amrani").user


@pytest.fixture
def manager_a(partner_a):
    return MembershipFactory(
        organisation=partner_a, role=Membership.Role.MANAGER, user__full_name="Annemieke de Vries"
    ).user


@pytest.fixture
def member_b(partner_b):
    return MembershipFactory(organisation=partner_b, user__full_name="Rachid Bouzian").user


@pytest.fixture
def programme_staff(db):
    user = UserFactory(full_name="Programmabureau", is_staff=True)
    user.groups.add(Group.objects.get(name=PROGRAMME_STAFF_GROUP))
    return user


@pytest.fixture
def concept_a(partner_a, member_a):
    """A draft of partner A, refreshed for search."""
    intervention = InterventionFactory(organisation=partner_a, created_by=member_a)
    services.refresh_derived_fields(intervention)
    return intervention


@pytest.fixture
def shared_a(partner_a, member_a):
    """A complete description of partner A, published for all partners."""
    return make_published(partner_a, member_a)


@pytest.fixture
def internal_a(partner_a, member_a):
    """A complete description of partner A, published within partner A only."""
    return make_published(partner_a, member_a, visibility="organisatie")


def _run(result: DBTaskResult) -> None:
    """Run one queued task as `manage.py db_worker` does, inside the test's transaction."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    result.claim(worker.worker_id)
    worker.run_task(result)


def run_due_tasks() -> int:
    """Run the queued tasks that are due, one by one; returns how many ran."""
    ran = 0
    while (result := DBTaskResult.objects.ready().first()) is not None:
        _run(result)
        ran += 1
    return ran


def _run_when_due(sender, task_result, **kwargs) -> None:
    run_after = task_result.task.run_after
    if run_after is None or run_after <= timezone.now():
        _run(DBTaskResult.objects.get(pk=task_result.id))


@pytest.fixture(autouse=True)
def _tasks_run_when_queued(settings):
    """Tasks (e-mail, PDFs) are queued in PostgreSQL as in production, and a task that is due
    runs as soon as it is queued (still after the commit), so a test sees its effect at once.
    Tests of the queue itself run the tasks when they choose (`database_tasks`)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    task_enqueued.connect(_run_when_due, dispatch_uid="tests-run-when-due")
    yield
    task_enqueued.disconnect(dispatch_uid="tests-run-when-due")


@pytest.fixture
def database_tasks(db, _tasks_run_when_queued):
    """Tasks wait in the queue until the test runs those that are due with the function this
    fixture returns, as a worker would."""
    task_enqueued.disconnect(dispatch_uid="tests-run-when-due")
    return run_due_tasks
