"""The monitoring models, split by sub-domain: the plan of one intervention with its costs,
results and social return (plans.py), and the liveability budget rounds in which descriptions
apply for money (budgets.py)."""

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
    "MONEY",
    "NOT_NEGATIVE",
    "PERCENT",
    "QUANTITY",
    "CostLine",
    "FinancialProxy",
    "Financing",
    "MonitoringPlan",
    "OutputFigures",
    "OutputIndicator",
    "OutputValue",
    "PlanFigures",
    "ReportingPeriod",
    "ValuedOutcome",
]
