"""The PDF reports that take long for large organisations, made by the task queue.

A portfolio whose report would show what the kept one shows is not rendered again: the task
stores the kept PDF (monitoring/documents.py).

A plan's report is rendered ahead after each save of its monitoring (`keep_plan_report`,
queued by monitoring/services.py a little later, so a morning of saves renders once): the
manager who then downloads it gets the kept PDF at once instead of waiting for the renderer.
After a deploy that changes the renderer or the print styles, every kept report of a plan is
rendered again the same way (`render_kept_reports_again`, queued by `manage.py keep_reports`).

The views (monitoring/views.py) check who may have the report, start the task for that
user and serve the stored file (wwidw.downloads); a task reads what that user may report on.
"""

from django.db.models import OuterRef
from django.tasks import task
from django.utils import translation

from monitoring import documents
from monitoring.models import MonitoringPlan, RenderedReport
from wwidw import downloads, pdf
from wwidw.models import Organisation, User

PDF = "application/pdf"


@task()
def keep_plan_report(*, plan_id: int, language: str) -> None:
    """Render the report of the plan as it is now and keep it, unless the kept one shows the
    same (a later save queued this again, or nothing a report shows changed)."""
    with translation.override(language):
        plans = MonitoringPlan.objects.with_details().with_rendered_report(language)
        plan = plans.filter(pk=plan_id).first()
        if plan is not None:
            documents.report_pdf(plan)


# Below the tasks people wait for (e-mail, portfolios), which go first.
BACKGROUND = -50


@task(priority=BACKGROUND)
def render_kept_reports_again() -> int:
    """Queue a rendering of every kept report of a plan that was made by another renderer or
    with other print styles (a deploy changed them: `manage.py keep_reports`); returns how many.
    A portfolio is left: it is made for the reader who asks, with progress."""
    stale = RenderedReport.objects.filter(plan__isnull=False).exclude(renderer=pdf.renderer_key())
    reports = list(stale.values_list("plan_id", "language"))
    for plan_id, language in reports:
        keep_plan_report.using(priority=BACKGROUND).enqueue(plan_id=plan_id, language=language)
    return len(reports)


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
