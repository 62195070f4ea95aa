"""Liveability budget rounds (leefbaarheidsbudget): descriptions apply for money, managers decide.

A round belongs to one organisation. Its members apply with a description of that organisation
(usually in phase "plan"); above the round's threshold the description must be complete in the
WWidW format, below it a short plan suffices. Its managers decide; the budget is never exceeded
(services.decide_application locks the round). An award becomes a financing line of the
description's monitoring. Applications and decisions are never deleted.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from interventions import choices as intervention_choices
from interventions.completeness import MissingItem, check
from interventions.models import Intervention
from interventions.sections import SECTIONS
from monitoring.models.plans import MONEY, NOT_NEGATIVE
from monitoring.querysets import BudgetApplicationQuerySet, BudgetRoundQuerySet
from wwidw.models import Organisation

# The steps of the format that make up a short plan: what, why, for whom, how, and with what.
SHORT_PLAN_SECTIONS = ("basis", "probleem", "doelen", "aanpak", "middelen")
# The phases in which a description can ask for money.
APPLYING_PHASES = (intervention_choices.Phase.PLAN, intervention_choices.Phase.RUNNING)


# Module level, so the CHECK constraints can name the values; the models refer to them as
# BudgetRound.Status and BudgetApplication.Status.
class RoundStatus(models.TextChoices):
    OPEN = "open", _("open")
    REVIEW = "in_beoordeling", _("under review")
    DECIDED = "besloten", _("decided")


class ApplicationStatus(models.TextChoices):
    DRAFT = "concept", _("draft")
    SUBMITTED = "ingediend", _("submitted")
    AWARDED = "toegekend", _("awarded")
    PARTLY_AWARDED = "deels_toegekend", _("partly awarded")
    REJECTED = "afgewezen", _("rejected")
    WITHDRAWN = "ingetrokken", _("withdrawn")


class Completeness(models.TextChoices):
    """What an application's description meets: all it needs, or not yet."""

    COMPLETE = "volledig", _("complete description")
    SHORT_PLAN = "kort_plan", _("short plan")
    INCOMPLETE = "onvolledig", _("incomplete")


class BudgetRound(models.Model):
    Status = RoundStatus

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

    objects = BudgetRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget round")
        verbose_name_plural = _("budget rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="monitoring_budgetround_name_per_organisation",
            ),
            models.CheckConstraint(
                condition=models.Q(closing_date__gte=models.F("opening_date")),
                name="monitoring_budgetround_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=models.Q(total_budget__gt=0),
                name="monitoring_budgetround_total_budget_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(threshold__isnull=True) | models.Q(threshold__gte=0),
                name="monitoring_budgetround_threshold_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100),
                name="monitoring_budgetround_year_range",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=RoundStatus.values),
                name="monitoring_budgetround_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("budgets:round_detail", kwargs={"pk": self.pk})

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


class BudgetApplication(models.Model):
    Status = ApplicationStatus

    # What a manager can decide, and the statuses that hold a decision.
    DECISIONS = (Status.AWARDED, Status.PARTLY_AWARDED, Status.REJECTED)
    AWARDS = (Status.AWARDED, Status.PARTLY_AWARDED)

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
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = BudgetApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget application")
        verbose_name_plural = _("budget applications")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "intervention"],
                name="monitoring_budgetapplication_once_per_round",
                violation_error_message=_(
                    "This description already has an application in this round."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(amount_requested__gt=0),
                name="monitoring_budgetapplication_amount_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(co_financing__gte=0),
                name="monitoring_budgetapplication_co_financing_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ApplicationStatus.values),
                name="monitoring_budgetapplication_status_valid",
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
                name="monitoring_budgetapplication_award_matches_status",
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
                name="monitoring_budgetapplication_decision_has_author",
            ),
        ]
        indexes = [
            # The awarded total of a round, summed under the round's lock (decide_application).
            models.Index(fields=["round", "status"], name="monitoring_budgetapp_round_st"),
        ]

    def __str__(self) -> str:
        return f"{self.intervention} ({self.round})"

    def get_absolute_url(self) -> str:
        return reverse("budgets:application_detail", kwargs={"pk": self.pk})

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
        "running"; a decided project may since have finished or stopped.
        """
        intervention = self.intervention
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
                name="monitoring_budgetdecision_status_is_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_status_display()}"
