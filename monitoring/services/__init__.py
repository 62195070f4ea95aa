"""The writes of the monitoring, split by sub-domain: the plan of a description and its rows
(plans.py), and liveability budget rounds with their applications and decisions (budgets.py)."""

from monitoring.services.plans import (
    plan_for,
    plan_version,
    restore_monitoring_version,
    save_costs,
    save_outcomes,
    save_periods,
    save_plan,
    save_results,
)

__all__ = [
    "plan_for",
    "plan_version",
    "restore_monitoring_version",
    "save_costs",
    "save_outcomes",
    "save_periods",
    "save_plan",
    "save_results",
]
