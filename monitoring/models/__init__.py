"""The monitoring models, split by sub-domain: the plan of one intervention with its costs,
results and social return (plans.py), and the liveability budget rounds in which descriptions
apply for money (budgets.py)."""

from monitoring.models.budgets import (
    APPLYING_PHASES,
    SHORT_PLAN_SECTIONS,
    ApplicationStatus,
    BudgetApplication,
    BudgetDecision,
    BudgetRound,
    RoundStatus,
)
from monitoring.models.plans import (
    MONEY,
    NOT_NEGATIVE,
    PERCENT,
    QUANTITY,
    CostLine,
    FinancialProxy,
    Financing,
    MonitoringPlan,
    OutputFigures,
    OutputIndicator,
    OutputValue,
    PlanFigures,
    ReportingPeriod,
    ValuedOutcome,
)

__all__ = [
    "APPLYING_PHASES",
    "MONEY",
    "NOT_NEGATIVE",
    "PERCENT",
    "QUANTITY",
    "SHORT_PLAN_SECTIONS",
    "ApplicationStatus",
    "BudgetApplication",
    "BudgetDecision",
    "BudgetRound",
    "CostLine",
    "FinancialProxy",
    "Financing",
    "MonitoringPlan",
    "OutputFigures",
    "OutputIndicator",
    "OutputValue",
    "PlanFigures",
    "ReportingPeriod",
    "RoundStatus",
    "ValuedOutcome",
]
