"""E-mail about liveability budget rounds: the decision on an application, and the reminder
that a round closes soon. Both are sent after the transaction commits, so a decision that is
rolled back never mails anyone, and go out through the task queue (`wwidw.mail`)."""

from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from budgets.models import BudgetApplication, BudgetRound
from wwidw.formats import format_money
from wwidw.mail import queue_email
from wwidw.models import User
from wwidw.text import single_line


def _message(kind: str, *, subject: str, to: User, context: dict) -> EmailMultiAlternatives:
    context = {**context, "user": to}
    message = EmailMultiAlternatives(
        subject=single_line(subject),  # a title may hold a line break from old data
        body=render_to_string(f"budgets/email/{kind}.txt", context),
        to=[to.email],
    )
    message.attach_alternative(
        render_to_string(f"budgets/email/{kind}.html", context), "text/html"
    )
    return message


def build_decision_message(application: BudgetApplication) -> EmailMultiAlternatives:
    """The decision on `application` for its applicant, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "application": application,
            "round": application.round,
            "decision": application.get_status_display(),
            "awarded": (
                format_money(application.awarded_amount)
                if application.awarded_amount is not None
                else ""
            ),
            "requested": format_money(application.amount_requested),
            "application_url": settings.SITE_URL + application.get_absolute_url(),
            # The decision is on the description as it was submitted.
            "title": application.description.title,
            "changes_url": (
                settings.SITE_URL + application.description_changes_url()
                if application.is_description_changed
                else ""
            ),
        }
        subject = _("Decision on your application: %(title)s") % {"title": context["title"]}
        return _message("decision", subject=subject, to=application.applicant, context=context)


def build_reminder_message(
    budget_round: BudgetRound, user: User, drafts: list[BudgetApplication]
) -> EmailMultiAlternatives:
    """The reminder that `budget_round` closes soon, naming the user's drafts in it."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "round": budget_round,
            "closing": date_format(budget_round.closing_date),
            "drafts": [(draft, settings.SITE_URL + draft.get_absolute_url()) for draft in drafts],
            "round_url": settings.SITE_URL + budget_round.get_absolute_url(),
        }
        subject = _("%(round)s closes on %(date)s") % {
            "round": budget_round.name,
            "date": context["closing"],
        }
        return _message("reminder", subject=subject, to=user, context=context)


def _send_decision(application_pk: int) -> None:
    # Read again after the commit: what the applicant reads is what was stored.
    application = BudgetApplication.objects.select_related(
        "round", "intervention", "applicant"
    ).get(pk=application_pk)
    queue_email(build_decision_message(application))


def send_decision_email(application: BudgetApplication) -> None:
    """E-mail the applicant the decision and its reason once the transaction commits."""
    transaction.on_commit(partial(_send_decision, application.pk))


def send_reminder_email(
    budget_round: BudgetRound, user: User, drafts: list[BudgetApplication]
) -> None:
    """E-mail `user` that the round closes soon, once the transaction commits."""
    queue_email(build_reminder_message(budget_round, user, drafts))
