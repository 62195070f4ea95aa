import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand

from wwidw import backups


class Command(BaseCommand):
    help = (
        "Write one backup file (.tar.gz): the database as pg_dump's custom format, the uploaded "
        "files and a manifest. Restore it with `manage.py restore FILE`."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output", type=Path, help="the file to write (default: backups/wwidw-<time>.tar.gz)"
        )

    def handle(self, *args, **options) -> None:
        output = (options["output"] or backups.default_output()).resolve()
        output.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as workdir:
            manifest = backups.write_backup(output=output, workdir=Path(workdir))
        self.stdout.write(
            f"Backed up database {manifest['database']} and {manifest['media_files']} "
            f"uploaded files to {output}"
        )
