"""Liveability budget rounds (leefbaarheidsbudget): rounds, applications and decisions.

Every write that depends on the round's status or budget locks the round row first
(`_lock_round`), so decisions, status changes and applications of one round take turns: two
managers deciding at once never award more than the total budget.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reversion.models import Version

from budgets import emails
from budgets.models import ROUND_FIELDS, BudgetApplication, BudgetDecision, BudgetRound
from interventions import choices as intervention_choices
from interventions.models import Intervention
from interventions.versions import versions_of_description
from monitoring.choices import FinancingKind
from monitoring.models import Financing, MonitoringPlan
from monitoring.services import plan_version
from wwidw import permissions
from wwidw.formats import format_money
from wwidw.models import Organisation, User

APPLICATION_FIELDS = ("intervention", "amount_requested", "co_financing", "motivation")


def _check_manager(user: User, organisation: Organisation) -> None:
    if not permissions.can_manage_organisation(user, organisation):
        raise PermissionDenied


def _check_applicant(user: User, application: BudgetApplication) -> None:
    """Only the applicant changes an application, and only while a member of the organisation."""
    if application.applicant_id != user.pk or not permissions.is_member(
        user, application.round.organisation
    ):
        raise PermissionDenied


def _lock_round(budget_round: BudgetRound) -> BudgetRound:
    return BudgetRound.objects.select_for_update().get(pk=budget_round.pk)


def _lock_application(application: BudgetApplication) -> BudgetApplication:
    return BudgetApplication.objects.select_for_update(of=("self",)).get(pk=application.pk)


def _closed_error() -> ValidationError:
    return ValidationError(
        _("The round is closed; your application can no longer be changed."), code="closed"
    )


def _fill(obj: Model, values: dict, fields: tuple[str, ...]) -> None:
    """Set the keyword `values` on `obj`; only the given `fields` can be set."""
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"Unexpected fields: {', '.join(sorted(unknown))}")
    for name, value in values.items():
        setattr(obj, name, value)


def _validate_round(budget_round: BudgetRound) -> None:
    # The rules of a round are BudgetRound.clean()'s, so the form says the same.
    budget_round.full_clean(exclude=["organisation"], validate_constraints=False)


@transaction.atomic
def create_round(*, organisation: Organisation, by: User, **fields) -> BudgetRound:
    """A new open round of `organisation`, made by one of its managers; `fields` are the
    round's values (ROUND_FIELDS) as keywords."""
    _check_manager(by, organisation)
    budget_round = BudgetRound(organisation=organisation)
    _fill(budget_round, fields, ROUND_FIELDS)
    _validate_round(budget_round)
    budget_round.save()
    return budget_round


@transaction.atomic
def update_round(*, round: BudgetRound, by: User, **fields) -> BudgetRound:
    """Change the round's `fields` (ROUND_FIELDS, as keywords); not once decided, and never
    below what is already awarded."""
    _check_manager(by, round.organisation)
    budget_round = _lock_round(round)
    if budget_round.is_decided:
        raise ValidationError(
            _("The round has been decided. Put it back under review to change it."),
            code="decided",
        )
    _fill(budget_round, fields, ROUND_FIELDS)
    _validate_round(budget_round)
    awarded = budget_round.awarded_total()
    if budget_round.total_budget < awarded:
        raise ValidationError(
            {
                "total_budget": _(
                    "The total budget cannot be less than what has already been awarded: "
                    "%(amount)s."
                )
                % {"amount": format_money(awarded)}
            }
        )
    budget_round.save()
    return budget_round


@transaction.atomic
def set_round_status(*, round: BudgetRound, status: str, by: User) -> BudgetRound:
    """Open → under review → decided; back from review to open, and from decided to review.

    A round is decided only when every submitted application has a decision.
    """
    _check_manager(by, round.organisation)
    budget_round = _lock_round(round)
    if not budget_round.can_become(status):
        raise ValidationError(
            {
                "status": _("A round that is “%(current)s” cannot become “%(status)s”.")
                % {
                    "current": budget_round.get_status_display(),
                    "status": dict(BudgetRound.Status.choices).get(status, status),
                }
            }
        )
    if status == BudgetRound.Status.DECIDED:
        undecided = budget_round.applications.filter(
            status=BudgetApplication.Status.SUBMITTED
        ).count()
        if undecided:
            raise ValidationError(
                ngettext(
                    "%(count)d submitted application has no decision yet. Decide on it "
                    "first, then close the round.",
                    "%(count)d submitted applications have no decision yet. Decide on them "
                    "first, then close the round.",
                    undecided,
                )
                % {"count": undecided},
                code="undecided",
            )
    budget_round.status = status
    budget_round.save(update_fields=["status", "updated_at"])
    return budget_round


def _validate_application(application: BudgetApplication) -> None:
    budget_round = application.round
    errors: dict[str, list[str]] = {}
    try:
        application.full_clean(
            exclude=["round", "applicant", "intervention"], validate_constraints=False
        )
    except ValidationError as error:
        errors = error.message_dict
    intervention = application.intervention if application.intervention_id else None
    if intervention is None:
        errors.setdefault("intervention", []).append(_("Choose a description."))
    elif intervention.organisation_id != budget_round.organisation_id:
        errors.setdefault("intervention", []).append(
            _("Choose a description of %(organisation)s.")
            % {"organisation": budget_round.organisation}
        )
    elif intervention.status == intervention_choices.Status.ARCHIVED:
        errors.setdefault("intervention", []).append(
            _("This description is archived. Choose another one, or bring it back first.")
        )
    elif _has_other_application(application):
        errors.setdefault("intervention", []).append(_already_applied())
    if refusal := application.amount_refusal():
        errors.setdefault("amount_requested", []).append(refusal)
    if errors:
        raise ValidationError(errors)


def _has_other_application(application: BudgetApplication) -> bool:
    others = BudgetApplication.objects.filter(
        round_id=application.round_id, intervention_id=application.intervention_id
    )
    return others.exclude(pk=application.pk).exists()


def _already_applied() -> str:
    return _("This description already has an application in this round.")


@transaction.atomic
def save_application(
    *,
    round: BudgetRound,
    by: User,
    application: BudgetApplication | None = None,
    **fields,
) -> BudgetApplication:
    """Create a draft application by `by`, or change `application` while it is a draft;
    `fields` are its values (APPLICATION_FIELDS) as keywords.

    Only while the round accepts applications; the description must be one of the round's
    organisation and not archived, and have no other application in this round.
    """
    if not permissions.is_member(by, round.organisation):
        raise PermissionDenied
    budget_round = _lock_round(round)
    if application is None:
        if not budget_round.is_accepting_applications():
            raise _not_accepting_error(budget_round)
        application = BudgetApplication(round=budget_round, applicant=by)
    else:
        if application.round_id != budget_round.pk:
            raise PermissionDenied
        _check_applicant(by, application)
        application = _lock_application(application)
        if not budget_round.is_accepting_applications():
            raise _closed_error()
        if not application.is_changeable:
            raise ValidationError(
                _("Only a draft can be changed. Take the application back to draft first."),
                code="not_draft",
            )
        application.round = budget_round
    _fill(application, fields, APPLICATION_FIELDS)
    _validate_application(application)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        # Another application of this description was saved between the check and ours.
        if "budgets_budgetapplication_once_per_round" not in str(error):
            raise
        raise ValidationError({"intervention": _already_applied()}) from error
    return application


def _not_accepting_error(budget_round: BudgetRound) -> ValidationError:
    return ValidationError(
        _(
            "This round does not accept applications now. You can apply from %(opening)s "
            "to %(closing)s while the round is open."
        )
        % {
            "opening": date_format(budget_round.opening_date),
            "closing": date_format(budget_round.closing_date),
        },
        code="not_accepting",
    )


def _applicant_change(application: BudgetApplication, by: User) -> BudgetApplication:
    """The application locked for a change by its applicant, while the round accepts them."""
    _check_applicant(by, application)
    budget_round = _lock_round(application.round)
    if not budget_round.is_accepting_applications():
        raise _closed_error()
    locked = _lock_application(application)
    locked.round = budget_round
    return locked


@transaction.atomic
def submit_application(*, application: BudgetApplication, by: User) -> BudgetApplication:
    """Submit a draft; refused, naming every missing item, while the description is lacking."""
    application = _applicant_change(application, by)
    if not application.is_changeable:
        raise ValidationError(_("Only a draft can be submitted."), code="not_draft")
    missing = application.missing()
    if missing:
        raise ValidationError(
            [
                _("%(section)s: %(item)s") % {"section": item.section.title, "item": item.label}
                for item in missing
            ],
            code="incomplete",
        )
    application.status = BudgetApplication.Status.SUBMITTED
    application.submitted_at = timezone.now()
    application.submitted_version = _current_version(application, by=by)
    application.save(update_fields=["status", "submitted_at", "submitted_version", "updated_at"])
    return application


def _current_version(application: BudgetApplication, *, by: User) -> Version:
    """The version of the description as it is now: its newest, or a new one when it has
    none or was saved since (outside the description's forms), so the round decides on what
    was submitted."""
    intervention = Intervention.objects.select_for_update().get(pk=application.intervention_id)
    version = versions_of_description(intervention.pk).first()
    # A version keeps its times to the millisecond.
    saved_at = version.field_dict.get("updated_at") if version else None
    if saved_at is None or intervention.updated_at - saved_at >= datetime.timedelta(
        milliseconds=1
    ):
        with reversion.create_revision(atomic=False):
            reversion.add_to_revision(intervention)
            reversion.set_user(by)
            reversion.set_comment(_("Submitted to %(round)s") % {"round": application.round.name})
        version = versions_of_description(intervention.pk).first()
    return version


@transaction.atomic
def unsubmit_application(*, application: BudgetApplication, by: User) -> BudgetApplication:
    """Take a submitted or withdrawn application back to draft, to change it and submit it
    again: a description applies once per round, so a withdrawal is undone this way."""
    application = _applicant_change(application, by)
    if not application.is_unsubmittable:
        raise ValidationError(
            _("Only a submitted or withdrawn application can be taken back to draft."),
            code="not_submitted",
        )
    application.status = BudgetApplication.Status.DRAFT
    application.submitted_at = None
    application.submitted_version = None
    application.save(update_fields=["status", "submitted_at", "submitted_version", "updated_at"])
    return application


@transaction.atomic
def withdraw_application(*, application: BudgetApplication, by: User) -> BudgetApplication:
    application = _applicant_change(application, by)
    if not application.is_withdrawable:
        raise ValidationError(
            _("This application can no longer be withdrawn."), code="not_withdrawable"
        )
    application.status = BudgetApplication.Status.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    return application


def _decided_amount(
    application: BudgetApplication, status: str, awarded_amount: Decimal | None, reason: str
) -> Decimal | None:
    """The amount a decision awards; ValidationError when the decision is incomplete."""
    if status not in BudgetApplication.DECISIONS:
        raise ValidationError(
            {"status": _("Choose a decision: awarded, partly awarded or rejected.")}
        )
    errors = {}
    if status != BudgetApplication.Status.AWARDED and not reason.strip():
        errors["reason"] = _("Give a reason; the applicant reads it with the decision.")
    amount = None
    if status == BudgetApplication.Status.AWARDED:
        amount = application.amount_requested
    elif status == BudgetApplication.Status.PARTLY_AWARDED:
        amount = awarded_amount
        if amount is None or amount <= 0:
            errors["awarded_amount"] = _("Enter the amount awarded, more than € 0,00.")
        elif amount >= application.amount_requested:
            errors["awarded_amount"] = _(
                "A partial award is less than the %(amount)s requested. Choose “awarded” to "
                "award it all."
            ) % {"amount": format_money(application.amount_requested)}
    if errors:
        raise ValidationError(errors)
    return amount


@transaction.atomic
def decide_application(
    *,
    application: BudgetApplication,
    status: str,
    awarded_amount: Decimal | None,
    reason: str,
    by: User,
    notify: bool = True,
) -> BudgetApplication:
    """Record a decision (also a revised one) while the round is under review.

    A manager decides, never on their own application; programme staff decide when the round
    asks them and no manager can (`BudgetApplication.decision_refusal`).

    The round row is locked and the other awards are summed in the same transaction, so the
    round never awards more than its total budget, also when two managers decide at once.
    An award becomes (or updates) the financing line of the description's monitoring; a
    rejection removes it. The applicant is e-mailed after the commit, unless `notify` is off
    (decisions of the past that the demo data records).
    """
    budget_round = _lock_round(application.round)
    application = _lock_application(application)
    application.round = budget_round
    managers = budget_round.managers()
    refusal = application.decision_refusal(by, managers)
    if refusal:
        raise PermissionDenied(refusal)
    by_programme_staff = all(manager.pk != by.pk for manager in managers)
    if budget_round.status != BudgetRound.Status.REVIEW:
        raise ValidationError(
            _(
                "Decisions are made while the round is under review. Close the round for "
                "review first."
            ),
            code="not_in_review",
        )
    if application.status not in (
        BudgetApplication.Status.SUBMITTED,
        *BudgetApplication.DECISIONS,
    ):
        raise ValidationError(
            _("Only a submitted application can be decided on."), code="not_submitted"
        )
    reason = reason or ""
    amount = _decided_amount(application, status, awarded_amount, reason)
    others = budget_round.applications.exclude(pk=application.pk).awarded_total()
    if amount is not None and others + amount > budget_round.total_budget:
        raise ValidationError(
            {
                "awarded_amount": _(
                    "This is more than the round has left. There is %(amount)s left in this round."
                )
                % {"amount": format_money(budget_round.total_budget - others)}
            }
        )
    application.status = status
    application.awarded_amount = amount
    application.decision_reason = reason
    application.decided_by = by
    application.decided_at = timezone.now()
    application.is_decided_by_programme_staff = by_programme_staff
    application.save()
    BudgetDecision.objects.create(
        application=application,
        status=status,
        awarded_amount=amount,
        reason=reason,
        decided_by=by,
        decided_at=application.decided_at,
        is_by_programme_staff=by_programme_staff,
    )
    _record_award(application, by=by)
    if notify:
        emails.send_decision_email(application)
    return application


def _record_award(application: BudgetApplication, *, by: User) -> None:
    """Keep the financing line of the award in step with the decision, as a monitoring version."""
    line = Financing.objects.filter(application=application).first()
    if application.awarded_amount is None:
        if line is None:
            return
        plan = line.plan
        comment = _("Liveability budget withdrawn: %(round)s") % {"round": application.round}
        with plan_version(plan, by=by, comment=comment):
            line.delete()
            plan.save(update_fields=["updated_at"])
        return
    # Whoever may decide may record the award, also programme staff (who are no member).
    plan, _created = MonitoringPlan.objects.get_or_create(
        intervention=application.intervention,
        defaults={"organisation_id": application.intervention.organisation_id},
    )
    comment = _("Liveability budget awarded: %(round)s, %(amount)s") % {
        "round": application.round,
        "amount": format_money(application.awarded_amount),
    }
    with plan_version(plan, by=by, comment=comment):
        if line is None:
            line = Financing(plan=plan, application=application)
        line.kind = FinancingKind.LIVEABILITY
        line.funder_organisation = application.round.organisation
        line.funder_name = ""
        line.committed = application.awarded_amount
        line.save()
        plan.save(update_fields=["updated_at"])


@transaction.atomic
def remind_round_members(*, today: datetime.date, days_before: int = 7) -> int:
    """E-mail every active member of each open round that closes within `days_before` days
    and was not reminded yet, naming their drafts in it; returns the number of e-mails.

    The rounds are locked (skipping those another run holds), so each is reminded once.
    """
    rounds = (
        BudgetRound.objects.accepting_applications(today)
        .filter(
            closing_date__lte=today + datetime.timedelta(days=days_before),
            reminded_at__isnull=True,
        )
        .select_related("organisation")
        .select_for_update(of=("self",), skip_locked=True)
        .order_by("closing_date", "pk")
    )
    sent = 0
    for budget_round in rounds:
        drafts = defaultdict(list)
        for application in budget_round.applications.filter(
            status=BudgetApplication.Status.DRAFT
        ).select_related("intervention"):
            drafts[application.applicant_id].append(application)
        members = User.objects.filter(
            is_active=True, memberships__organisation=budget_round.organisation
        ).order_by("pk")
        for member in members:
            emails.send_reminder_email(budget_round, member, drafts.get(member.pk, []))
            sent += 1
        budget_round.reminded_at = timezone.now()
        budget_round.save(update_fields=["reminded_at"])
    return sent
