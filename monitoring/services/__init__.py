"""The writes of the monitoring, split by sub-domain: the plan of a description and its rows
(plans.py), and liveability budget rounds with their applications and decisions (budgets.py)."""

from monitoring.services.budgets import (
    create_round,
    decide_application,
    format_money,
    remind_round_members,
    save_application,
    set_round_status,
    submit_application,
    unsubmit_application,
    update_round,
    withdraw_application,
)
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
    "create_round",
    "decide_application",
    "format_money",
    "plan_for",
    "plan_version",
    "remind_round_members",
    "restore_monitoring_version",
    "save_application",
    "save_costs",
    "save_outcomes",
    "save_periods",
    "save_plan",
    "save_results",
    "set_round_status",
    "submit_application",
    "unsubmit_application",
    "update_round",
    "withdraw_application",
]
