from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from interventions.models import Intervention
from monitoring import calculations
from monitoring.models import MonitoringPlan, PlanFigures
from wwidw import permissions
from wwidw.models import Membership, Organisation

HOME_SECTIONS = [
    {
        "label": _("Knowledge base"),
        "url_name": "interventions:list",
        "description": _(
            "Descriptions of neighbourhood interventions in the shared format: problem, goals, "
            "approach, active ingredients, costs and results."
        ),
    },
    {
        "label": _("Archetypes"),
        "url_name": "archetypes:list",
        "description": _(
            "Syntheses of many interventions of one type, with their active ingredients and "
            "research evidence."
        ),
    },
    {
        "label": _("Sessions"),
        "url_name": "events:list",
        "description": _(
            'Theme sessions "What works in …" where professionals define the active ingredients '
            "of one type of intervention together."
        ),
    },
]


def home(request):
    organisations = Organisation.objects.of_member(request.user).order_by("name")
    context = {"organisations": organisations, "sections": HOME_SECTIONS}
    return render(request, "wwidw/home.html", context)


@login_required
def my_organisation(request):
    organisation = Organisation.objects.of_member(request.user).order_by("name").first()
    if organisation is None:
        return render(request, "wwidw/no_organisation.html")
    return redirect(organisation)


@login_required
def organisation_dashboard(request, slug):
    organisation = get_object_or_404(Organisation.objects.of_member(request.user), slug=slug)
    sort = request.GET.get("sort", "")
    if sort.lstrip("-") not in PORTFOLIO_SORT_KEYS:
        sort = "title"
    rows = _portfolio_rows(request.user, organisation)
    context = {
        "organisation": organisation,
        "own_organisations": Organisation.objects.of_member(request.user).order_by("name"),
        "counts": Membership.objects.filter(organisation=organisation).role_counts(),
        "can_manage": permissions.can_manage_organisation(request.user, organisation),
        "rows": _sorted_rows(rows, sort),
        "totals": _portfolio_totals(rows),
        "columns": _portfolio_columns(sort),
        "sort": sort,
    }
    return render(request, "wwidw/organisation_dashboard.html", context)


# The portfolio on the dashboard: one row per description, with the figures of its monitoring.


@dataclass(frozen=True)
class PortfolioRow:
    intervention: Intervention
    plan: MonitoringPlan | None
    figures: PlanFigures | None

    @property
    def total_cost(self) -> Decimal | None:
        return self.figures.costs.total if self.figures else None

    @property
    def own_share(self) -> Decimal | None:
        return self.figures.own_share if self.figures else None

    @property
    def realisation(self) -> Decimal | None:
        """The average realisation of the results that have a target and a realised value."""
        if not self.figures:
            return None
        known = [
            output.attainment.realisation
            for output in self.figures.outputs
            if output.attainment.realisation is not None
        ]
        return sum(known, Decimal(0)) / len(known) if known else None

    @property
    def ratio(self) -> Decimal | None:
        return self.figures.sroi.ratio if self.figures else None

    @property
    def is_shared(self) -> bool:
        return bool(self.plan and self.plan.is_shared)


@dataclass(frozen=True)
class PortfolioTotals:
    total_cost: Decimal
    own_share: Decimal
    pv_benefits: Decimal
    pv_costs: Decimal
    ratio: Decimal | None


PHASE_ORDER = {value: index for index, value in enumerate(Intervention.Phase.values)}
# Sort key → (column heading, the value a row sorts by). Empty values sort last either way.
PORTFOLIO_SORT_KEYS = {
    "title": (_("Intervention"), lambda row: row.intervention.title.casefold()),
    "phase": (_("Phase"), lambda row: PHASE_ORDER.get(row.intervention.phase, len(PHASE_ORDER))),
    "cost": (_("Total cost"), lambda row: row.total_cost),
    "own_share": (_("Own share"), lambda row: row.own_share),
    "realisation": (_("Results realised"), lambda row: row.realisation),
    "ratio": (_("SROI ratio"), lambda row: row.ratio),
    "shared": (_("Results shared"), lambda row: row.is_shared),
}
NUMBER_COLUMNS = {"cost", "own_share", "realisation", "ratio"}


def _portfolio_rows(user, organisation: Organisation) -> list[PortfolioRow]:
    """Every description of the organisation that is not archived, in a fixed number of queries:
    the descriptions, and their plans with everything `figures()` reads."""
    interventions = (
        Intervention.objects.filter(organisation=organisation)
        .exclude(status=Intervention.Status.ARCHIVED)
        .only("title", "phase", "status", "visibility", "organisation_id")
        .order_by("title", "pk")
    )
    plans = MonitoringPlan.objects.visible_to(user).filter(
        organisation=organisation, intervention__in=interventions
    )
    by_intervention = {plan.intervention_id: plan for plan in plans.with_details()}
    rows = []
    for intervention in interventions:
        plan = by_intervention.get(intervention.pk)
        rows.append(PortfolioRow(intervention, plan, plan.figures() if plan else None))
    return rows


def _sorted_rows(rows: list[PortfolioRow], sort: str) -> list[PortfolioRow]:
    value_of = PORTFOLIO_SORT_KEYS[sort.lstrip("-")][1]
    descending = sort.startswith("-")
    known = [row for row in rows if value_of(row) is not None]
    unknown = [row for row in rows if value_of(row) is None]
    known.sort(key=lambda row: row.intervention.title.casefold())
    known.sort(key=value_of, reverse=descending)
    return known + unknown


def _portfolio_totals(rows: list[PortfolioRow]) -> PortfolioTotals:
    """The sums over the monitored descriptions; the overall ratio is Σ PV / Σ PVC."""
    figures = [row.figures for row in rows if row.figures]
    pv_benefits = sum((item.sroi.pv_benefits for item in figures), Decimal(0))
    pv_costs = sum((item.sroi.pv_costs for item in figures), Decimal(0))
    return PortfolioTotals(
        total_cost=sum((item.costs.total for item in figures), Decimal(0)),
        own_share=sum((item.own_share for item in figures), Decimal(0)),
        pv_benefits=pv_benefits,
        pv_costs=pv_costs,
        ratio=calculations.sroi_ratio(pv_benefits, pv_costs),
    )


def _portfolio_columns(sort: str) -> list[dict]:
    """The sortable headings: a click sorts ascending, a second click descending."""
    columns = []
    for key, (label, _value_of) in PORTFOLIO_SORT_KEYS.items():
        direction = ""
        if sort.lstrip("-") == key:
            direction = "descending" if sort.startswith("-") else "ascending"
        next_sort = f"-{key}" if direction == "ascending" else key
        columns.append(
            {
                "key": key,
                "label": label,
                "sort": next_sort,
                "direction": direction,
                "is_number": key in NUMBER_COLUMNS,
            }
        )
    return columns


@login_required
def organisation_members(request, slug):
    organisation = get_object_or_404(Organisation.objects.of_member(request.user), slug=slug)
    if not permissions.can_manage_organisation(request.user, organisation):
        raise PermissionDenied
    memberships = (
        Membership.objects.visible_to(request.user)
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "user__full_name")  # managers first
    )
    context = {"organisation": organisation, "memberships": memberships}
    return render(request, "wwidw/organisation_members.html", context)
