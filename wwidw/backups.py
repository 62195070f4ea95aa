"""Backups: one .tar.gz with the database (pg_dump's custom format), the uploaded files and a
manifest, restorable into an empty database with `manage.py restore`.

pg_dump reads the whole database in one snapshot, so the dump is consistent while the site runs.
The files are copied after it: a file uploaded meanwhile comes along unused, none goes missing.
The programs come from the newest PostgreSQL installation found (as scripts/localdb.sh looks),
since pg_dump must be at least as new as the server. The password goes to them through the
environment (PGPASSWORD), never on a command line that others can read.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

FORMAT = 1
DUMP = "database.dump"
MANIFEST = "manifest.json"
MEDIA = "media"
FALLBACK_BINDIRS = ["/usr/local/pgsql/bin", "/opt/homebrew/bin", "/usr/local/bin", "/usr/bin"]


def _version_key(path: Path) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in path.parent.name.split("."))


def pg_program(name: str) -> str:
    """The path of pg_dump or pg_restore, from the newest PostgreSQL installation found."""
    bindirs = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
    for bindir in [*bindirs, *map(Path, FALLBACK_BINDIRS)]:
        if (bindir / name).is_file() and os.access(bindir / name, os.X_OK):
            return str(bindir / name)
    found = shutil.which(name)
    if found is None:
        raise CommandError(
            f"{name} was not found. Install PostgreSQL's client programs, e.g. "
            "`apt-get install postgresql-client` or `brew install postgresql@17`."
        )
    return found


def libpq_env() -> dict[str, str]:
    """The environment that points PostgreSQL's programs at the site's database."""
    database = connection.settings_dict
    env = {**os.environ, "PGDATABASE": database["NAME"]}
    names = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
    for key, variable in names.items():
        if database.get(key):
            env[variable] = str(database[key])
    if database.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = database["OPTIONS"]["sslmode"]
    return env


def _run(command: list[str]) -> None:
    result = subprocess.run(command, env=libpq_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise CommandError(f"{Path(command[0]).name} failed:\n{result.stderr.strip()}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.is_dir() else []


def write_backup(*, output: Path, workdir: Path) -> dict:
    """Dump the database and pack it with the uploaded files into `output`; the manifest."""
    dump = workdir / DUMP
    _run([pg_program("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "-f", dump])
    files = _media_files()
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": connection.settings_dict["NAME"],
        "dump_sha256": _sha256(dump),
        "media_files": len(files),
    }
    (workdir / MANIFEST).write_text(json.dumps(manifest, indent=2))
    partial = output.with_name(output.name + ".partial")
    with tarfile.open(partial, "w:gz") as archive:
        archive.add(workdir / MANIFEST, arcname=MANIFEST)
        archive.add(dump, arcname=DUMP)
        for path in files:
            archive.add(path, arcname=f"{MEDIA}/{path.relative_to(settings.MEDIA_ROOT)}")
    partial.replace(output)  # a backup file that exists is complete
    return manifest


def read_backup(*, archive_path: Path, workdir: Path) -> dict:
    """Unpack a backup into `workdir` and check it; its manifest."""
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            # The "data" filter refuses absolute paths, links out of workdir and devices.
            archive.extractall(workdir, filter="data")  # nosec B202
    except (OSError, tarfile.TarError) as error:
        raise CommandError(f"{archive_path} is not a readable backup: {error}") from error
    try:
        manifest = json.loads((workdir / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise CommandError(f"{archive_path} has no manifest: is it a WWidW backup?") from error
    if manifest.get("format") != FORMAT:
        raise CommandError(f"{archive_path} has backup format {manifest.get('format')!r}.")
    if _sha256(workdir / DUMP) != manifest["dump_sha256"]:
        raise CommandError(f"{archive_path} is damaged: its database dump does not match.")
    return manifest


def database_tables() -> int:
    """How many tables, views and sequences the site's database holds outside PostgreSQL's own."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') "
            "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
            "AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'"
        )
        return cursor.fetchone()[0]


def empty_database() -> None:
    """Drop everything in the public schema (the tables, and the extensions in it)."""
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    connection.close()


def restore_backup(*, workdir: Path) -> int:
    """Load the unpacked dump into the (empty) database and put the files in MEDIA_ROOT back;
    the number of files."""
    connection.close()  # pg_restore works alone; Django reconnects when asked
    _run(
        [
            pg_program("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            workdir / DUMP,
        ]
    )
    media = workdir / MEDIA
    files = [path for path in media.rglob("*") if path.is_file()] if media.is_dir() else []
    for path in files:
        target = Path(settings.MEDIA_ROOT) / path.relative_to(media)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    return len(files)


def default_output() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.BASE_DIR) / "backups" / f"wwidw-{stamp}.tar.gz"
