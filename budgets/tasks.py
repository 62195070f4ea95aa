"""The report of a liveability budget round, made by the task queue: it takes long for large
rounds. The views (budgets/views.py) check that the user manages the round, start the task and
serve the stored file (wwidw.downloads).
"""

from django.tasks import task
from django.utils import translation

from budgets import documents
from budgets.models import BudgetRound
from wwidw import downloads

PDF = "application/pdf"


@task(takes_context=True)
def make_round_pdf(context, *, user_id: int, language: str, round_id: int, filename: str) -> dict:
    """The report of a liveability budget round; the view checked that the user manages it."""
    downloads.report_progress(context, 5)
    budget_round = BudgetRound.objects.select_related("organisation").get(pk=round_id)
    with translation.override(language):
        pdf = documents.render_round_pdf(budget_round)
    downloads.report_progress(context, 95)
    return downloads.store(context, pdf, filename=filename, content_type=PDF)
