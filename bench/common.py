"""What every benchmark does first: its own database next to DATABASE_URL's, and Django on it."""

import logging
import os
import sys
import urllib.parse
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://wwidw@127.0.0.1:54329/wwidw"


def prepare_database(name: str) -> str:
    """Create the database `name` on the server of DATABASE_URL when missing, point Django at
    it and set Django up; the database's URL."""
    parts = urllib.parse.urlsplit(os.environ.get("DATABASE_URL", DEFAULT_URL))
    url = urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    server = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "wwidw.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    logging.disable(logging.WARNING)
    return url
