"""The demo of seed_demo, seeded once for all the tests of the demo.

Seeding takes some fifteen seconds; every test here reads the same demo, so it is seeded once,
inside a transaction that stays open while these tests run and is rolled back after the last.
Each test runs in a savepoint within it (the `db` fixture), so what a test changes is gone for
the next. With `-n` (pytest-xdist), tests/conftest.py sends all these tests to one worker, so the
demo is seeded once per run.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="package")
def seeded_once(django_db_setup, django_db_blocker):
    output = StringIO()
    # The tests' password hasher (tests/conftest.py), which the accounts are checked with.
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once, db) -> str:
    """The whole demo (accounts, descriptions, monitoring, budget rounds, archetypes, effects,
    theme sessions); returns what seed_demo printed."""
    return seeded_once
