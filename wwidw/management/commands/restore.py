import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from wwidw import backups


class Command(BaseCommand):
    help = (
        "Restore a backup of `manage.py backup` into the database of DATABASE_URL, which must be "
        "empty, and put its uploaded files into MEDIA_ROOT."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="the backup file (.tar.gz)")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="first drop everything the database holds (its public schema)",
        )

    def handle(self, *args, **options) -> None:
        name = connection.settings_dict["NAME"]
        tables = backups.database_tables()
        if tables and not options["replace"]:
            raise CommandError(
                f"The database {name} is not empty ({tables} tables and sequences). Restore "
                "into an empty database, or pass --replace to drop what it holds first."
            )
        with tempfile.TemporaryDirectory() as workdir:
            manifest = backups.read_backup(archive_path=options["file"], workdir=Path(workdir))
            if tables:
                backups.empty_database()
            files = backups.restore_backup(workdir=Path(workdir))
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} into database {name}, "
            f"with {files} uploaded files."
        )
