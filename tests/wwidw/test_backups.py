"""`manage.py backup` and `restore`, run as an operator runs them: in their own process, against
the test database and a fresh database on the same server."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.db import connection

from tests.factories import MembershipFactory, OrganisationFactory, make_published
from wwidw.models import Membership

ROOT = Path(__file__).resolve().parents[2]

# Per table (and sequence): its rows, and a checksum of all of them in a fixed order.
TABLE_CHECKSUMS = """
SELECT format(
    'SELECT %L, count(*), md5(coalesce(string_agg(t::text, E''\\n'' ORDER BY t::text), '''')) '
    'FROM %I.%I t', tablename, schemaname, tablename)
FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename
"""


def database_url(name: str) -> str:
    database = connection.settings_dict
    return f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{name}"


def manage(*args: str, database: str, media_root: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": database_url(database),
        "MEDIA_ROOT": str(media_root),
    }
    env.pop("TEST_DATABASE_NAME", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def snapshot(name: str) -> dict:
    """Row count and checksum of every table, and the next value of every sequence."""
    with psycopg.connect(database_url(name), autocommit=True) as db:
        queries = [row[0] for row in db.execute(TABLE_CHECKSUMS).fetchall()]
        tables = {row[0]: row[1:] for row in (db.execute(q).fetchone() for q in queries)}
        sequences = db.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        ).fetchall()
    return {"tables": tables, "sequences": dict(sequences)}


@pytest.fixture
def fresh_database(transactional_db):
    name = f"{connection.settings_dict['NAME']}_restore"
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def site_with_data(reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    partner = OrganisationFactory(name="Woonstichting De Maasoever", slug="maasoever")
    member = MembershipFactory(organisation=partner).user
    MembershipFactory(organisation=partner, role=Membership.Role.MANAGER)
    intervention = make_published(partner, member, title="Huismeester in de portiek")
    intervention.report_file.save("evaluatie.pdf", ContentFile(b"%PDF-1.7 evaluatie"))
    make_published(partner, member, visibility="organisatie")
    return intervention


def test_backup_restores_into_an_empty_database_with_every_row_and_file_and_never_over_data(
    site_with_data, fresh_database, tmp_path
):
    source = connection.settings_dict["NAME"]
    archive = tmp_path / "backup.tar.gz"
    backup = manage(
        "backup", "--output", str(archive), database=source, media_root=tmp_path / "media"
    )
    assert backup.returncode == 0, backup.stderr
    assert "1 uploaded files" in backup.stdout
    original = snapshot(source)
    assert original["tables"]["interventions_intervention"][0] == 2

    # A database that holds data is left alone.
    refused = manage("restore", str(archive), database=source, media_root=tmp_path / "other")
    assert refused.returncode != 0
    assert "is not empty" in refused.stderr
    assert snapshot(source) == original

    restored_media = tmp_path / "restored-media"
    restore = manage("restore", str(archive), database=fresh_database, media_root=restored_media)
    assert restore.returncode == 0, restore.stderr
    assert snapshot(fresh_database) == original
    report = site_with_data.report_file.name
    assert (restored_media / report).read_bytes() == b"%PDF-1.7 evaluatie"

    # With --replace, whatever the database holds makes way for the backup.
    with psycopg.connect(database_url(fresh_database), autocommit=True) as db:
        db.execute("DELETE FROM wwidw_membership")
        db.execute("CREATE TABLE left_over (id int)")
    replaced = manage(
        "restore", "--replace", str(archive), database=fresh_database, media_root=tmp_path / "o"
    )
    assert replaced.returncode == 0, replaced.stderr
    assert snapshot(fresh_database) == original


def test_restore_refuses_a_damaged_backup(fresh_database, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    archive.write_bytes(b"not a backup")
    result = manage("restore", str(archive), database=fresh_database, media_root=tmp_path / "m")
    assert result.returncode != 0
    assert "is not a readable backup" in result.stderr
