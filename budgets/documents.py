"""The round report: what a liveability budget round was asked and awarded, and per awarded
project what its monitoring says was spent and realised, as a PDF."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from budgets.models import BudgetApplication, BudgetRound
from monitoring import calculations
from monitoring.documents import ZERO
from monitoring.models import MonitoringPlan, OutputFigures
from wwidw.pdf import html_to_pdf

# Applications the round report leaves out of its table: not (or no longer) asking.
HIDDEN_STATUSES = (BudgetApplication.Status.DRAFT, BudgetApplication.Status.WITHDRAWN)


@dataclass(frozen=True)
class StatusCount:
    label: str
    count: int


@dataclass(frozen=True)
class RoundApplication:
    """A submitted or decided application, with how complete its description was when it was
    submitted, and where to see what changed in it since ("" when nothing did)."""

    application: BudgetApplication
    missing: int
    completeness: str
    changes_url: str


@dataclass(frozen=True)
class AwardedProject:
    """An award and what came of it; `plan` is None while the project has no monitoring."""

    application: BudgetApplication
    plan: MonitoringPlan | None
    spent: Decimal | None
    outputs: list[OutputFigures]
    ratio: Decimal | None
    ratio_note: str
    is_forecast: bool

    @property
    def intervention(self):
        """The description as it was submitted."""
        return self.application.description


@dataclass(frozen=True)
class RoundReport:
    round: BudgetRound
    requested: Decimal
    co_financing: Decimal
    awarded: Decimal
    remaining: Decimal
    counts: list[StatusCount]
    applications: list[RoundApplication]
    projects: list[AwardedProject]


def _round_application(application: BudgetApplication) -> RoundApplication:
    missing = application.missing()
    if missing:
        completeness = ngettext(
            "%(count)d item missing", "%(count)d items missing", len(missing)
        ) % {"count": len(missing)}
    else:
        completeness = capfirst(str(application.completeness(missing).label))
    changes = application.description_changes_url()
    return RoundApplication(
        application, len(missing), completeness, settings.SITE_URL + changes if changes else ""
    )


def _project(application: BudgetApplication, plan: MonitoringPlan | None) -> AwardedProject:
    has_lines = plan is not None and (
        plan.cost_lines.all() or plan.outputs.all() or plan.outcomes.all()
    )
    if not has_lines:
        return AwardedProject(application, None, None, [], None, _("No monitoring yet"), False)
    figures = plan.figures()
    spent = calculations.cost_totals(plan.cost_items(budget=False)).total
    ratio, note = figures.sroi.ratio, ""
    if not plan.outcomes.all():
        ratio, note = None, _("not computable: no valued outcomes yet")
    elif ratio is None:
        note = _("not defined: no costs")
    return AwardedProject(
        application, plan, spent, figures.outputs, ratio, note, figures.is_forecast
    )


def round_report(budget_round: BudgetRound) -> RoundReport:
    """Everything the round report shows, in a fixed number of queries."""
    applications = (
        budget_round.applications.with_description_parts()
        .select_related("applicant", "decided_by")
        .order_by("intervention__title", "pk")
        .as_submitted()
    )
    shown = [item for item in applications if item.status not in HIDDEN_STATUSES]
    awarded = [item for item in shown if item.status in BudgetApplication.AWARDS]
    plans = MonitoringPlan.objects.with_details().filter(
        organisation_id=budget_round.organisation_id,
        intervention_id__in=[item.intervention_id for item in awarded],
    )
    plans = {plan.intervention_id: plan for plan in plans} if awarded else {}
    awarded_total = sum((item.awarded_amount for item in awarded), ZERO)
    return RoundReport(
        round=budget_round,
        requested=sum((item.amount_requested for item in shown), ZERO),
        co_financing=sum((item.co_financing for item in shown), ZERO),
        awarded=awarded_total,
        remaining=budget_round.total_budget - awarded_total,
        counts=[
            StatusCount(label, sum(item.status == status for item in applications))
            for status, label in BudgetApplication.Status.choices
        ],
        applications=[_round_application(item) for item in shown],
        projects=[_project(item, plans.get(item.intervention_id)) for item in awarded],
    )


def render_round_html(budget_round: BudgetRound, *, request=None) -> str:
    context = {"report": round_report(budget_round), "organisation": budget_round.organisation}
    return render_to_string("budgets/round_report_pdf.html", context, request=request)


def render_round_pdf(budget_round: BudgetRound, *, request=None) -> bytes:
    """The report of a liveability budget round, for the managers of its organisation."""
    return html_to_pdf(render_round_html(budget_round, request=request))
