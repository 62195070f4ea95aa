"""Importing a plan's figures from a spreadsheet (monitoring/imports.py), made by the task queue.

The preview and the import each read every row through the forms of the monitoring pages,
which takes long for a plan of many periods (some 20 seconds for ten years in quarters). The
views (monitoring/views.py) keep the uploaded file and start these for its uploader; the
status page follows their progress (wwidw.downloads) and then shows what came of it.
"""

import io

from django.tasks import task
from django.utils import translation

from interventions.models import Intervention
from monitoring import imports, services
from wwidw import downloads, sheet_input
from wwidw.models import User


def _import_subject(user_id: int, intervention_id: int, token: str):
    user = User.objects.get(pk=user_id)
    intervention = Intervention.objects.editable_by(user).get(pk=intervention_id)
    kept = imports.kept_upload(token, intervention=intervention, user=user)
    if kept is None:
        raise imports.UploadGoneError
    table = sheet_input.read_upload(io.BytesIO(kept.content), max_rows=imports.MAX_ROWS)
    return user, intervention, kept, table


@task(takes_context=True)
def check_monitoring_import(
    context, *, user_id: int, language: str, intervention_id: int, token: str
) -> dict:
    """What importing the kept file would do; the token to import it when it can come in."""
    downloads.report_progress(context, 5)
    with translation.override(language):
        user, intervention, kept, table = _import_subject(user_id, intervention_id, token)
        check = imports.check_file(
            table,
            intervention=intervention,
            user=user,
            progress=lambda percent: downloads.report_progress(context, percent),
        )
        usable = check.is_valid and check.has_changes
        return {
            "check": check.as_data(),
            "token": token if usable else "",
            "filename": kept.filename,
        }


@task(takes_context=True)
def import_monitoring(
    context, *, user_id: int, language: str, intervention_id: int, token: str
) -> dict:
    """Import the kept file as a new version of the monitoring, or say why it cannot."""
    downloads.report_progress(context, 5)
    with translation.override(language):
        user, intervention, kept, table = _import_subject(user_id, intervention_id, token)
        try:
            services.import_monitoring(
                intervention=intervention,
                table=table,
                filename=kept.filename,
                seen=kept.stamp,
                by=user,
                progress=lambda percent: downloads.report_progress(context, percent),
            )
        except imports.ImportRefusedError as refused:
            return {"check": refused.check.as_data(), "token": "", "filename": kept.filename}
    imports.forget_upload(token)
    return {"imported": True, "filename": kept.filename}
