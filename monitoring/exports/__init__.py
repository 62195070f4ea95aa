"""The monitoring reports as spreadsheets (xlsx), split by sub-domain: the figures of one plan
or a portfolio (plans.py), and the report of a liveability budget round (budgets.py)."""

from monitoring.exports.plans import XLSX_CONTENT_TYPE, plan_xlsx, portfolio_xlsx

__all__ = [
    "XLSX_CONTENT_TYPE",
    "plan_xlsx",
    "portfolio_xlsx",
]
