"""The forms of the monitoring, split by sub-domain: the plan's settings and a formset per kind
of row (plans.py), and liveability budget rounds with their applications and decisions
(budgets.py)."""

from monitoring.forms.plans import (
    CostRows,
    FinancingRows,
    OutcomeRows,
    OutputRows,
    OutputValueRows,
    PeriodRows,
    PlanForm,
)

__all__ = [
    "CostRows",
    "FinancingRows",
    "OutcomeRows",
    "OutputRows",
    "OutputValueRows",
    "PeriodRows",
    "PlanForm",
]
