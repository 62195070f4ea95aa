"""The PDF reports that take long for large organisations, made by the task queue.

A portfolio whose report would show what the kept one shows is not rendered again: the task
stores the kept PDF (monitoring/documents.py).

The views (monitoring/views.py) check who may have the report, start the task for that
user and serve the stored file (wwidw.downloads); a task reads what that user may report on.
"""

import io

from django.db.models import OuterRef
from django.tasks import task
from django.utils import translation

from interventions.models import Intervention
from monitoring import documents, imports, services
from monitoring.models import MonitoringPlan, RenderedReport
from wwidw import downloads, sheet_input
from wwidw.models import Organisation, User

PDF = "application/pdf"


@task(takes_context=True)
def make_portfolio_pdf(
    context, *, user_id: int, language: str, organisation_id: int, filename: str
) -> dict:
    """The portfolio report of the organisation, of the plans the user may report on."""
    downloads.report_progress(context, 5)
    user = User.objects.get(pk=user_id)
    kept = RenderedReport.objects.annotations(language, organisation=OuterRef("pk"), plan=None)
    organisation = Organisation.objects.annotate(**kept).get(pk=organisation_id)
    plans = MonitoringPlan.objects.reportable_by(user).in_portfolio_of(organisation)
    plans = list(plans.with_details())
    downloads.report_progress(context, 20)
    with translation.override(language):
        pdf = documents.portfolio_pdf(organisation, plans)
    return downloads.store(context, pdf, filename=filename, content_type=PDF)


# Importing the figures from a spreadsheet (monitoring/imports.py): the preview and the import
# each read every row through the forms, which takes long for a plan of many periods. The
# views keep the file and start these for its uploader; the status page shows the result.


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
