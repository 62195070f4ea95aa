"""The monitoring reports as PDF, split by sub-domain: one intervention's figures or an
organisation's portfolio (plans.py), and the report of a liveability budget round with what its
awards spent and realised (budgets.py)."""

from monitoring.reports.plans import (
    PlanReport,
    plan_report,
    portfolio_entries,
    portfolio_totals,
    render_portfolio_html,
    render_portfolio_pdf,
    render_report_html,
    render_report_pdf,
)

__all__ = [
    "PlanReport",
    "plan_report",
    "portfolio_entries",
    "portfolio_totals",
    "render_portfolio_html",
    "render_portfolio_pdf",
    "render_report_html",
    "render_report_pdf",
]
