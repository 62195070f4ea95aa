"""The monitoring reports: PDF and xlsx of one intervention and of an organisation's portfolio,
and of a liveability budget round.

Members and managers of the owning organisation download the monitoring reports; anybody else
gets a 404. A round's report is for the managers of its organisation; its members get a 403.
The portfolio and round PDFs, slow for large organisations, are made by a task (monitoring/
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
from monitoring.models import BudgetRound, MonitoringPlan
from monitoring.views.budgets import round_for
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


# The report of a liveability budget round: for the managers of its organisation only.


def _round_filename(budget_round: BudgetRound, extension: str) -> str:
    """<organisation>-<round>-<date>.<extension>: whose, which round and of when."""
    name = f"{slugify(budget_round.organisation.name)[:40]}-{slugify(budget_round.name)[:60]}"
    return f"{name}-{timezone.localdate().isoformat()}.{extension}"


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def round_pdf(request, pk: int):
    """GET offers to make the round report, POST starts it and shows its progress."""
    budget_round = round_for(request, pk, manager=True)
    if settings.DEBUG and request.GET.get("html"):
        return HttpResponse(reports.render_round_html(budget_round, request=request))
    if request.method == "POST":
        result = downloads.start(
            tasks.make_round_pdf,
            user=request.user,
            round_id=budget_round.pk,
            filename=_round_filename(budget_round, "pdf"),
        )
        return redirect("budgets:round_pdf_status", pk=pk, result_id=result.id)
    return render(request, "wwidw/document_start.html", _round_page(budget_round))


@require_safe
@login_required
def round_pdf_status(request, pk: int, result_id):
    budget_round = round_for(request, pk, manager=True)
    result = downloads.result_for(
        tasks.make_round_pdf, result_id, user=request.user, round_id=budget_round.pk
    )
    download_url = reverse("budgets:round_pdf_download", args=[pk, result_id])
    page = _round_page(budget_round)
    return downloads.status_response(request, result, download_url=download_url, **page)


@require_safe
@login_required
def round_pdf_download(request, pk: int, result_id):
    budget_round = round_for(request, pk, manager=True)
    result = downloads.result_for(
        tasks.make_round_pdf, result_id, user=request.user, round_id=budget_round.pk
    )
    return downloads.file_response(result)


def _round_page(budget_round: BudgetRound) -> dict:
    return {
        "title": _("Round report (PDF)"),
        "subject": budget_round.name,
        "back_url": budget_round.get_absolute_url(),
        "start_url": reverse("budgets:round_pdf", args=[budget_round.pk]),
    }


@require_safe
@login_required
def round_xlsx(request, pk: int):
    budget_round = round_for(request, pk, manager=True)
    content = exports.round_xlsx(budget_round)
    return _download(content, exports.XLSX_CONTENT_TYPE, _round_filename(budget_round, "xlsx"))
