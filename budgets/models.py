"""Liveability budget rounds (leefbaarheidsbudget): descriptions apply for money, managers decide.

A round belongs to one organisation. Its members apply with a description of that organisation
(usually in phase "plan"); above the round's threshold the description must be complete in the
WWidW format, below it a short plan suffices. Its managers decide; the budget is never exceeded
(budgets.services.decide_application locks the round). An award becomes a financing line of the
description's monitoring. Applications and decisions are never deleted.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from budgets import choices
from budgets.choices import ApplicationStatus, Completeness, RoundStatus
from interventions import choices as intervention_choices
from interventions.completeness import MissingItem, check
from interventions.models import IntendedEffect, Intervention, TheoryStep
from interventions.sections import SECTIONS
from interventions.versions import descriptions_as_saved, versions_of_description
from monitoring.models import MONEY, NOT_NEGATIVE
from wwidw import permissions
from wwidw.formats import format_amount
from wwidw.models import Membership, Organisation, User

# The steps of the format that make up a short plan: what, why, for whom, how, and with what.
SHORT_PLAN_SECTIONS = ("basis", "probleem", "doelen", "aanpak", "middelen")
# The phases in which a description can ask for money.
APPLYING_PHASES = (intervention_choices.Phase.PLAN, intervention_choices.Phase.RUNNING)
# What a manager can decide, and the statuses that hold a decision.
DECISIONS = (
    ApplicationStatus.AWARDED,
    ApplicationStatus.PARTLY_AWARDED,
    ApplicationStatus.REJECTED,
)
AWARDS = (ApplicationStatus.AWARDED, ApplicationStatus.PARTLY_AWARDED)


# What a manager sets on a round (the form adds the organisation when a round is made).
ROUND_FIELDS = (
    "name",
    "year",
    "description",
    "total_budget",
    "opening_date",
    "closing_date",
    "threshold",
    "has_programme_staff_backup",
)


class BudgetRoundQuerySet(models.QuerySet):
    def visible_to(self, user) -> "BudgetRoundQuerySet":
        """The rounds of the user's organisations: members apply, managers run them."""
        return self.filter(permissions.organisation_member_q(user))

    def accepting_applications(self, today: datetime.date) -> "BudgetRoundQuerySet":
        return self.filter(
            status=RoundStatus.OPEN, opening_date__lte=today, closing_date__gte=today
        )


# The status changes a manager can make: from a status, the statuses a round can move to,
# with what the button says.
ROUND_TRANSITIONS = {
    RoundStatus.OPEN: ((RoundStatus.REVIEW, _("Close for review")),),
    RoundStatus.REVIEW: (
        (RoundStatus.OPEN, _("Reopen for applications")),
        (RoundStatus.DECIDED, _("Mark the round as decided")),
    ),
    RoundStatus.DECIDED: ((RoundStatus.REVIEW, _("Back to review, to correct a decision")),),
}
CLOSES_BEFORE_OPENING = _("The closing date lies before the opening date. Check both dates.")
ROUND_NAME_TAKEN = _("Your organisation already has a round with this name. Choose another name.")


class BudgetRound(models.Model):
    Status = choices.RoundStatus

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="budget_rounds",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    description = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_("What the round is for and how applications are judged."),
    )
    total_budget = models.DecimalField(
        _("budget of the round (€)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    opening_date = models.DateField(_("applications from"))
    closing_date = models.DateField(
        _("applications until"), help_text=_("Applications can be submitted until this day.")
    )
    threshold = models.DecimalField(
        _("complete description above (€)"),
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
        help_text=_(
            "Applications for more than this amount need a complete WWidW description; for "
            "less a short plan suffices. Empty: a short plan always suffices."
        ),
        **MONEY,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Set when the members were reminded that the round closes, so they are reminded once.
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    has_programme_staff_backup = models.BooleanField(
        _("programme staff may decide when there is no other manager"),
        default=False,
        help_text=_(
            "A manager does not decide on their own application. Tick this when your "
            "organisation has no other manager who can."
        ),
    )

    objects = BudgetRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget round")
        verbose_name_plural = _("budget rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="budgets_budgetround_name_per_organisation",
            ),
            models.CheckConstraint(
                condition=models.Q(closing_date__gte=models.F("opening_date")),
                name="budgets_budgetround_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=models.Q(total_budget__gt=0),
                name="budgets_budgetround_total_budget_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(threshold__isnull=True) | models.Q(threshold__gte=0),
                name="budgets_budgetround_threshold_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100),
                name="budgets_budgetround_year_range",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=RoundStatus.values),
                name="budgets_budgetround_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("budgets:round_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = {}
        opening, closing = self.opening_date, self.closing_date
        if opening and closing and closing < opening:
            errors["closing_date"] = CLOSES_BEFORE_OPENING
        if self.name and self.organisation_id and self.has_name_taken():
            errors["name"] = ROUND_NAME_TAKEN
        if errors:
            raise ValidationError(errors)

    def has_name_taken(self) -> bool:
        """Another round of the organisation has this round's name."""
        same_name = BudgetRound.objects.filter(
            organisation_id=self.organisation_id, name=self.name
        )
        return same_name.exclude(pk=self.pk).exists()

    @property
    def is_decided(self) -> bool:
        return self.status == self.Status.DECIDED

    def next_statuses(self) -> list[tuple[str, str]]:
        """The statuses a manager can move the round to, each with its button's text."""
        return list(ROUND_TRANSITIONS.get(self.status, ()))

    def can_become(self, status: str) -> bool:
        return any(status == target for target, _label in self.next_statuses())

    def is_accepting_applications(self, today: datetime.date | None = None) -> bool:
        """Open, and today lies between the opening and the closing date (both included)."""
        today = today or timezone.localdate()
        return self.status == self.Status.OPEN and self.opening_date <= today <= self.closing_date

    def requires_complete_description(self, amount: Decimal | None) -> bool:
        return self.threshold is not None and amount is not None and amount > self.threshold

    def awarded_total(self) -> Decimal:
        """What the round's decisions award in all (one query)."""
        return self.applications.awarded_total()

    def budget_line(self) -> dict[str, Decimal]:
        """The round's total, what it has awarded and what is left (one query)."""
        awarded = self.awarded_total()
        return {
            "total": self.total_budget,
            "awarded": awarded,
            "remaining": self.total_budget - awarded,
        }

    def remaining_budget(self) -> Decimal:
        return self.budget_line()["remaining"]

    def managers(self) -> list[User]:
        """The active managers of the round's organisation, by name (one query)."""
        return list(
            User.objects.filter(
                is_active=True,
                memberships__organisation_id=self.organisation_id,
                memberships__role=Membership.Role.MANAGER,
            ).order_by("full_name", "email")
        )


class BudgetApplicationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "BudgetApplicationQuerySet":
        """An application is read by its applicant (while a member) and the round's managers."""
        own = Q(applicant=user) & permissions.organisation_member_q(user, "round__organisation")
        return self.filter(own | permissions.managed_q(user, "round__organisation"))

    def editable_by(self, user) -> "BudgetApplicationQuerySet":
        """The applicant changes their own application (the services say when)."""
        return self.filter(applicant=user).filter(
            permissions.organisation_member_q(user, "round__organisation")
        )

    def decidable_by(self, user) -> "BudgetApplicationQuerySet":
        """The applications the user may open to decide on: those of the organisations they
        manage and, for programme staff, those of rounds that ask them. Whether they can
        decide on one is `BudgetApplication.decision_refusal()`'s rule."""
        condition = permissions.managed_q(user, "round__organisation")
        if permissions.is_programme_staff(user):
            condition |= Q(round__has_programme_staff_backup=True)
        return self.filter(condition)

    def waiting_for_programme_staff(self) -> "BudgetApplicationQuerySet":
        """Submitted applications of rounds under review that ask programme staff, on which no
        manager can decide (`BudgetApplication.is_for_programme_staff()`, as a query)."""
        deciding_managers = Membership.objects.filter(
            organisation_id=OuterRef("round__organisation_id"),
            role=Membership.Role.MANAGER,
            user__is_active=True,
        ).exclude(user_id=OuterRef("applicant_id"))
        return self.filter(
            round__has_programme_staff_backup=True,
            round__status=RoundStatus.REVIEW,
            status=ApplicationStatus.SUBMITTED,
        ).exclude(Exists(deciding_managers))

    def with_latest_version(self) -> "BudgetApplicationQuerySet":
        """With the id of each description's newest version (`latest_version_id`), to tell
        whether it changed since it was submitted."""
        latest = versions_of_description(OuterRef("intervention_id")).values("pk")[:1]
        return self.annotate(latest_version_id=Subquery(latest))

    def as_submitted(self) -> list:
        """The applications, each with its `description` as it was submitted and its
        description's newest version: a fixed number of queries for any number of them."""
        applications = list(self.select_related("submitted_version").with_latest_version())
        descriptions = descriptions_as_saved(
            [item.submitted_version for item in applications if item.submitted_version_id]
        )
        for application in applications:
            if application.submitted_version_id:
                application.keep_submitted_description(
                    descriptions[application.submitted_version_id]
                )
        return applications

    def with_description_parts(self) -> "BudgetApplicationQuerySet":
        """Each description with what `missing()` reads (its many-to-many fields and repeating
        parts) and the review shows (the intended effects and the theory of change, in order),
        prefetched: a fixed number of queries for any number of applications."""
        ordered = {
            "intended_effects": IntendedEffect.objects.select_related("effect").order_by(
                "effect__code"
            ),
            "theory_steps": TheoryStep.objects.order_by("position", "pk"),
        }
        names = [
            name
            for section in SECTIONS
            for name in [*section.required, *section.required_children]
            if Intervention._meta.get_field(name).is_relation
        ]
        return self.select_related("intervention").prefetch_related(
            *(f"intervention__{name}" for name in dict.fromkeys(names) if name not in ordered),
            *(
                Prefetch(f"intervention__{name}", queryset=queryset)
                for name, queryset in ordered.items()
            ),
        )

    def awarded(self) -> "BudgetApplicationQuerySet":
        return self.filter(status__in=AWARDS)

    def awarded_total(self) -> Decimal:
        total = self.awarded().aggregate(total=Sum("awarded_amount"))["total"]
        return total or Decimal(0)


class BudgetApplication(models.Model):
    Status = choices.ApplicationStatus

    # What a manager can decide, and the statuses that hold a decision.
    DECISIONS = DECISIONS
    AWARDS = AWARDS

    round = models.ForeignKey(
        BudgetRound,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("budget round"),
    )
    intervention = models.ForeignKey(
        Intervention,
        on_delete=models.PROTECT,
        related_name="budget_applications",
        verbose_name=_("description"),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="budget_applications",
        verbose_name=_("applicant"),
    )
    amount_requested = models.DecimalField(
        _("amount requested (€)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    co_financing = models.DecimalField(
        _("co-financing expected (€)"),
        default=Decimal(0),
        validators=NOT_NEGATIVE,
        help_text=_("Money from others or own funds that the project counts on besides this."),
        **MONEY,
    )
    motivation = models.TextField(
        _("motivation"),
        max_length=2000,
        help_text=_("In a few lines: why this project deserves the money now."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    awarded_amount = models.DecimalField(
        _("awarded amount (€)"), null=True, blank=True, validators=NOT_NEGATIVE, **MONEY
    )
    decision_reason = models.TextField(
        _("reason"), blank=True, help_text=_("The applicant reads this with the decision.")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    is_decided_by_programme_staff = models.BooleanField(
        _("decided by programme staff"), default=False
    )
    # The version of the description that was submitted: what the round decides on. Versions
    # are history and are never deleted; empty for drafts and for applications submitted
    # before versions were kept with them.
    submitted_version = models.ForeignKey(
        Version,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted version of the description"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = BudgetApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget application")
        verbose_name_plural = _("budget applications")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "intervention"],
                name="budgets_budgetapplication_once_per_round",
                violation_error_message=_(
                    "This description already has an application in this round."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(amount_requested__gt=0),
                name="budgets_budgetapplication_amount_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(co_financing__gte=0),
                name="budgets_budgetapplication_co_financing_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ApplicationStatus.values),
                name="budgets_budgetapplication_status_valid",
            ),
            # Awarded: what was asked. Partly: something, less than asked. Otherwise: nothing.
            # A CHECK passes when its condition is NULL, so an award states its amount is there.
            models.CheckConstraint(
                condition=(
                    models.Q(
                        status=ApplicationStatus.AWARDED,
                        awarded_amount__isnull=False,
                        awarded_amount=models.F("amount_requested"),
                    )
                    | models.Q(
                        status=ApplicationStatus.PARTLY_AWARDED,
                        awarded_amount__isnull=False,
                        awarded_amount__gt=0,
                        awarded_amount__lt=models.F("amount_requested"),
                    )
                    | models.Q(
                        status__in=[
                            ApplicationStatus.DRAFT,
                            ApplicationStatus.SUBMITTED,
                            ApplicationStatus.REJECTED,
                            ApplicationStatus.WITHDRAWN,
                        ],
                        awarded_amount__isnull=True,
                    )
                ),
                name="budgets_budgetapplication_award_matches_status",
            ),
            models.CheckConstraint(
                condition=(
                    ~models.Q(
                        status__in=[
                            ApplicationStatus.AWARDED,
                            ApplicationStatus.PARTLY_AWARDED,
                            ApplicationStatus.REJECTED,
                        ]
                    )
                    | models.Q(decided_at__isnull=False, decided_by__isnull=False)
                ),
                name="budgets_budgetapplication_decision_has_author",
            ),
        ]
        indexes = [
            # The awarded total of a round, summed under the round's lock (decide_application).
            models.Index(fields=["round", "status"], name="budgets_budgetapp_round_st"),
        ]

    def __str__(self) -> str:
        return f"{self.intervention} ({self.round})"

    def get_absolute_url(self) -> str:
        return reverse("budgets:application_detail", kwargs={"pk": self.pk})

    # What the applicant may still do: only while the round accepts applications, and each
    # step from its own statuses.

    @property
    def is_changeable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_withdrawable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SUBMITTED)

    @property
    def is_unsubmittable(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.WITHDRAWN)

    def is_open_to(self, user: User) -> bool:
        """`user` is the applicant and the round still accepts applications."""
        return self.applicant_id == user.pk and self.round.is_accepting_applications()

    def amount_refusal(self) -> str:
        """The one message for an amount over the round's budget; "" when the amount fits."""
        amount = self.amount_requested
        if amount is None or amount <= self.round.total_budget:
            return ""
        return gettext("Ask at most the round's total budget of € %(total)s.") % {
            "total": format_amount(self.round.total_budget)
        }

    def can_change(self, user: User) -> bool:
        return self.is_changeable and self.is_open_to(user)

    def can_withdraw(self, user: User) -> bool:
        return self.is_withdrawable and self.is_open_to(user)

    def can_unsubmit(self, user: User) -> bool:
        return self.is_unsubmittable and self.is_open_to(user)

    @property
    def total_investment(self) -> Decimal:
        return self.amount_requested + self.co_financing

    @property
    def is_decided(self) -> bool:
        return self.status in self.DECISIONS

    @property
    def is_open_for_decision(self) -> bool:
        """Submitted (or decided, to revise) while the round is under review."""
        return self.round.status == RoundStatus.REVIEW and self.status in (
            ApplicationStatus.SUBMITTED,
            *self.DECISIONS,
        )

    @property
    def needs_complete_description(self) -> bool:
        return self.round.requires_complete_description(self.amount_requested)

    @property
    def description(self) -> Intervention:
        """What the round decides on: the description as it was submitted, read from the
        version kept then; the description as it is now for a draft (and for applications
        submitted before versions were kept). `BudgetApplication.objects.as_submitted()` reads
        it for many applications at once."""
        if self.submitted_version_id is None:
            return self.intervention
        version_id, description = self.__dict__.get("_submitted_description", (None, None))
        if version_id != self.submitted_version_id:
            description = descriptions_as_saved([self.submitted_version])[
                self.submitted_version_id
            ]
            self.keep_submitted_description(description)
        return description

    def keep_submitted_description(self, description: Intervention) -> None:
        """Remember `description` as what the submitted version holds (read by as_submitted)."""
        self.__dict__["_submitted_description"] = (self.submitted_version_id, description)

    @cached_property
    def latest_version_id(self) -> int | None:
        """The description's newest version; `with_latest_version()` reads it in the query."""
        return versions_of_description(self.intervention_id).values_list("pk", flat=True).first()

    @property
    def is_description_changed(self) -> bool:
        """The description was saved again after it was submitted."""
        return self.submitted_version_id is not None and (
            self.latest_version_id != self.submitted_version_id
        )

    def description_changes_url(self) -> str:
        """The page with what changed in the description since it was submitted ("" when
        nothing did)."""
        if not self.is_description_changed:
            return ""
        url = reverse("interventions:diff", kwargs={"pk": self.intervention_id})
        return f"{url}?van={self.submitted_version_id}&naar={self.latest_version_id}"

    # Who decides. `managers` is round.managers(), read once for all applications of a round.

    def deciding_managers(self, managers: list[User]) -> list[User]:
        """The managers who can decide on this application: all but the applicant."""
        return [manager for manager in managers if manager.pk != self.applicant_id]

    def is_for_programme_staff(self, managers: list[User]) -> bool:
        """No manager can decide, and the round asks programme staff to."""
        return self.round.has_programme_staff_backup and not self.deciding_managers(managers)

    def decision_refusal(self, user: User, managers: list[User]) -> str:
        """Why `user` cannot decide on this application, or "" when they can.

        A manager of the organisation decides, never on an application they submitted
        themselves; programme staff decide when the round asks them and no manager can.
        """
        if user.pk == self.applicant_id:
            return gettext(
                "You submitted this application yourself, so you cannot decide on it. Ask "
                "another manager of your organisation to decide."
            )
        if any(manager.pk == user.pk for manager in managers):
            return ""
        if permissions.is_programme_staff(user) and self.round.has_programme_staff_backup:
            if self.is_for_programme_staff(managers):
                return ""
            return gettext(
                "Programme staff decide only when no manager of the organisation can. A "
                "manager of %(organisation)s decides on this application."
            ) % {"organisation": self.round.organisation}
        return gettext("Only a manager of %(organisation)s can decide on this application.") % {
            "organisation": self.round.organisation
        }

    def can_decide(self, user: User, managers: list[User]) -> bool:
        return not self.decision_refusal(user, managers)

    @property
    def decider_name(self) -> str:
        return _decider_name(self.decided_by, self.is_decided_by_programme_staff)

    def completeness(self, missing: list[MissingItem] | None = None) -> Completeness:
        """A complete description above the round's threshold, else a short plan, when nothing
        is `missing` (as `missing()` says, when not given)."""
        missing = self.missing() if missing is None else missing
        if missing:
            return Completeness.INCOMPLETE
        if self.needs_complete_description:
            return Completeness.COMPLETE
        return Completeness.SHORT_PLAN

    def missing(self) -> list[MissingItem]:
        """What the description still lacks for this application, in the order of the format.

        A short plan needs steps 1–4 and 6; above the round's threshold every step of the
        format is required, as for publishing. Until the decision the phase must be "plan" or
        "running"; a decided project may since have finished or stopped. Once submitted, it
        is the description as submitted that counts (`description`).
        """
        intervention = self.description
        sections = (
            SECTIONS
            if self.needs_complete_description
            else [section for section in SECTIONS if section.key in SHORT_PLAN_SECTIONS]
        )
        missing = []
        if not self.is_decided and intervention.phase not in APPLYING_PHASES:
            missing.append(
                MissingItem(
                    SECTIONS[0],
                    "phase",
                    _("phase “plan” or “running” (now: %(phase)s)")
                    % {"phase": intervention.get_phase_display()},
                )
            )
        # The budget is asked whatever the description's phase says.
        phase = intervention_choices.Phase.PLAN
        return missing + check(intervention, sections=sections, phase=phase)[0]


class BudgetDecision(models.Model):
    """The log of decisions: every decision on an application, also those later revised."""

    application = models.ForeignKey(
        BudgetApplication,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("application"),
    )
    status = models.CharField(_("decision"), max_length=20, choices=ApplicationStatus.choices)
    awarded_amount = models.DecimalField(
        _("awarded amount (€)"), null=True, blank=True, validators=NOT_NEGATIVE, **MONEY
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    is_by_programme_staff = models.BooleanField(_("by programme staff"), default=False)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    status__in=[
                        ApplicationStatus.AWARDED,
                        ApplicationStatus.PARTLY_AWARDED,
                        ApplicationStatus.REJECTED,
                    ]
                ),
                name="budgets_budgetdecision_status_is_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_status_display()}"

    @property
    def decider_name(self) -> str:
        return _decider_name(self.decided_by, self.is_by_programme_staff)


def _decider_name(user: User | None, is_programme_staff: bool) -> str:
    """Who decided, as the decision log names them: "Name (programmabureau)" for staff."""
    if user is None:
        return ""
    if is_programme_staff:
        return gettext("%(name)s (programme staff)") % {"name": user.get_full_name()}
    return user.get_full_name()
