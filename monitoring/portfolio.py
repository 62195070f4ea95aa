"""An organisation's portfolio: its rows and totals, computed once for the dashboard, the PDF
and the xlsx.

A row is one description with the figures of its monitoring (or none yet); the totals add up
the monitored ones, and the overall SROI ratio is Σ PV of benefits / Σ PV of costs, never an
average of ratios.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from interventions.models import Intervention
from monitoring import calculations
from monitoring.models import MonitoringPlan, PlanFigures
from wwidw.models import Organisation

ZERO = Decimal(0)


@dataclass(frozen=True)
class PortfolioTotals:
    total_cost: Decimal
    own_share: Decimal
    pv_benefits: Decimal
    pv_costs: Decimal
    ratio: Decimal | None


def average_realisation(figures: PlanFigures) -> Decimal | None:
    """The mean realisation over the results with a target; None when none has one."""
    known = [
        output.attainment.realisation
        for output in figures.outputs
        if output.attainment.realisation is not None
    ]
    if not known:
        return None
    return sum(known, ZERO) / len(known)


def portfolio_totals(figures: Iterable[PlanFigures]) -> PortfolioTotals:
    """Sums over the monitored plans' figures."""
    figures = list(figures)
    pv_benefits = sum((item.sroi.pv_benefits for item in figures), ZERO)
    pv_costs = sum((item.sroi.pv_costs for item in figures), ZERO)
    return PortfolioTotals(
        total_cost=sum((item.costs.total for item in figures), ZERO),
        own_share=sum((item.own_share for item in figures), ZERO),
        pv_benefits=pv_benefits,
        pv_costs=pv_costs,
        ratio=calculations.sroi_ratio(pv_benefits, pv_costs),
    )


@dataclass(frozen=True)
class PortfolioRow:
    """One description of the portfolio, with the figures of its monitoring if it has any."""

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
        return average_realisation(self.figures) if self.figures else None

    @property
    def ratio(self) -> Decimal | None:
        return self.figures.sroi.ratio if self.figures else None

    @property
    def is_shared(self) -> bool:
        return bool(self.plan and self.plan.is_shared)


def portfolio_rows(user, organisation: Organisation) -> list[PortfolioRow]:
    """Every description of the organisation that is not archived, in a fixed number of queries:
    the descriptions, and the plans the user may see with everything `figures()` reads."""
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
