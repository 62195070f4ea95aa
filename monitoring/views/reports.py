"""The monitoring reports: PDF and xlsx of one intervention and of an organisation's portfolio,
and of a liveability budget round.

Members and managers of the owning organisation download the monitoring reports; anybody else
gets a 404. A round's report is for the managers of its organisation; its members get a 403.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from interventions import choices as intervention_choices
from monitoring import exports, reports
from monitoring.models import BudgetRound, MonitoringPlan
from monitoring.views.budgets import round_for
from wwidw.models import Organisation


def _reportable(request, pk: int) -> MonitoringPlan:
    plans = MonitoringPlan.objects.reportable_by(request.user).with_details()
    return get_object_or_404(plans, intervention_id=pk)


def _organisation(request, slug: str) -> Organisation:
    return get_object_or_404(Organisation.objects.of_member(request.user), slug=slug)


def _portfolio_plans(request, organisation: Organisation) -> list[MonitoringPlan]:
    plans = (
        MonitoringPlan.objects.reportable_by(request.user)
        .filter(organisation=organisation)
        .exclude(intervention__status=intervention_choices.Status.ARCHIVED)
        .with_details()
        .order_by("intervention__title", "pk")
    )
    return list(plans)


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


@require_safe
@login_required
def portfolio_pdf(request, slug: str):
    organisation = _organisation(request, slug)
    plans = _portfolio_plans(request, organisation)
    if settings.DEBUG and request.GET.get("html"):
        return HttpResponse(reports.render_portfolio_html(organisation, plans, request=request))
    pdf = reports.render_portfolio_pdf(organisation, plans, request=request)
    return _download(pdf, "application/pdf", _filename(organisation.name, "pdf"))


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


@require_safe
@login_required
def round_pdf(request, pk: int):
    budget_round = round_for(request, pk, manager=True)
    if settings.DEBUG and request.GET.get("html"):
        return HttpResponse(reports.render_round_html(budget_round, request=request))
    pdf = reports.render_round_pdf(budget_round, request=request)
    return _download(pdf, "application/pdf", _round_filename(budget_round, "pdf"))


@require_safe
@login_required
def round_xlsx(request, pk: int):
    budget_round = round_for(request, pk, manager=True)
    content = exports.round_xlsx(budget_round)
    return _download(content, exports.XLSX_CONTENT_TYPE, _round_filename(budget_round, "xlsx"))
