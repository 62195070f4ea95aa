"""The monitoring reports: PDF and xlsx of one intervention and of an organisation's portfolio.

Members and managers of the owning organisation download the monitoring reports; anybody else
gets a 404.
The portfolio PDF, slow for large organisations, are made by a task (monitoring/
tasks.py): a POST starts it, a status page follows it and the file is downloaded from there by
whoever started it (wwidw/downloads.py).
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from monitoring import exports, reports, tasks
from monitoring.models import MonitoringPlan
from wwidw import downloads
from wwidw.models import Organisation


def _reportable(request, pk: int) -> MonitoringPlan:
    plans = MonitoringPlan.objects.reportable_by(request.user).with_details()
    return get_object_or_404(plans, intervention_id=pk)


def _organisation(request, slug: str) -> Organisation:
    return get_object_or_404(Organisation.objects.of_member(request.user), slug=slug)


def _portfolio_plans(request, organisation: Organisation) -> list[MonitoringPlan]:
    plans = MonitoringPlan.objects.reportable_by(request.user).in_portfolio_of(organisation)
    return list(plans.with_details())


def _filename(name: str, extension: str) -> str:
    """monitoring-<name>-<date>.<extension>: what it is, whose and of when."""
    return f"monitoring-{slugify(name)[:80]}-{timezone.localdate().isoformat()}.{extension}"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_safe
@login_required
def report_pdf(request, pk: int):
    plan = _reportable(request, pk)
    if settings.DEBUG and request.GET.get("html"):
        return HttpResponse(reports.render_report_html(plan, request=request))
    pdf = reports.render_report_pdf(plan, request=request)
    return _download(pdf, "application/pdf", _filename(plan.intervention.title, "pdf"))


@require_safe
@login_required
def export_xlsx(request, pk: int):
    plan = _reportable(request, pk)
    filename = _filename(plan.intervention.title, "xlsx")
    return _download(exports.plan_xlsx(plan), exports.XLSX_CONTENT_TYPE, filename)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def portfolio_pdf(request, slug: str):
    """GET offers to make the portfolio report, POST starts it and shows its progress."""
    organisation = _organisation(request, slug)
    if settings.DEBUG and request.GET.get("html"):
        plans = _portfolio_plans(request, organisation)
        return HttpResponse(reports.render_portfolio_html(organisation, plans, request=request))
    if request.method == "POST":
        result = downloads.start(
            tasks.make_portfolio_pdf,
            user=request.user,
            organisation_id=organisation.pk,
            filename=_filename(organisation.name, "pdf"),
        )
        return redirect("monitoring:portfolio_pdf_status", slug=slug, result_id=result.id)
    return render(request, "wwidw/document_start.html", _portfolio_page(organisation))


@require_safe
@login_required
def portfolio_pdf_status(request, slug: str, result_id):
    organisation = _organisation(request, slug)
    result = downloads.result_for(
        tasks.make_portfolio_pdf, result_id, user=request.user, organisation_id=organisation.pk
    )
    download_url = reverse("monitoring:portfolio_pdf_download", args=[slug, result_id])
    page = _portfolio_page(organisation)
    return downloads.status_response(request, result, download_url=download_url, **page)


@require_safe
@login_required
def portfolio_pdf_download(request, slug: str, result_id):
    organisation = _organisation(request, slug)
    result = downloads.result_for(
        tasks.make_portfolio_pdf, result_id, user=request.user, organisation_id=organisation.pk
    )
    return downloads.file_response(result)


def _portfolio_page(organisation: Organisation) -> dict:
    return {
        "title": _("Portfolio report (PDF)"),
        "subject": organisation.name,
        "back_url": reverse("organisation_dashboard", args=[organisation.slug]),
        "start_url": reverse("monitoring:portfolio_pdf", args=[organisation.slug]),
    }


@require_safe
@login_required
def portfolio_xlsx(request, slug: str):
    organisation = _organisation(request, slug)
    content = exports.portfolio_xlsx(organisation, _portfolio_plans(request, organisation))
    return _download(content, exports.XLSX_CONTENT_TYPE, _filename(organisation.name, "xlsx"))
