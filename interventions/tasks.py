"""Large spreadsheets of descriptions are checked and imported by the task queue.

The views (interventions/views/imports.py) start these for the import they created; the page of
the import shows how far the task is (`progress`) and what it found once it is done.
"""

from django.core.cache import cache
from django.tasks import task
from django.utils import translation

from interventions import imports
from interventions.models import DescriptionImport

PROGRESS_KEEP_SECONDS = 24 * 60 * 60


def _progress_key(import_id: int) -> str:
    return f"description-import-progress:{import_id}"


def report_progress(import_id: int, percent: int) -> None:
    cache.set(_progress_key(import_id), percent, PROGRESS_KEEP_SECONDS)


def progress(description_import: DescriptionImport) -> int:
    """How far the check or import of a running task is (0-100)."""
    if not description_import.is_running:
        return 100
    return cache.get(_progress_key(description_import.pk), 0)


@task
def check_descriptions(*, import_id: int, language: str) -> None:
    description_import = DescriptionImport.objects.select_related("organisation").get(pk=import_id)
    with translation.override(language):
        imports.check_import(
            description_import, progress=lambda percent: report_progress(import_id, percent)
        )


@task
def import_descriptions(*, import_id: int, language: str) -> None:
    description_import = DescriptionImport.objects.select_related(
        "organisation", "created_by"
    ).get(pk=import_id)
    with translation.override(language):
        imports.run_import(
            description_import, progress=lambda percent: report_progress(import_id, percent)
        )
