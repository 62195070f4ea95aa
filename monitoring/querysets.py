import datetime
from decimal import Decimal

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery, Sum

from interventions import choices as intervention_choices
from interventions.versions import descriptions_as_saved, versions_of_description
from wwidw import permissions
from wwidw.models import Membership


class MonitoringPlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> "MonitoringPlanQuerySet":
        """Monitoring is read and written by members of the owning organisation only."""
        return self.filter(permissions.changeable_q(user))

    def reportable_by(self, user) -> "MonitoringPlanQuerySet":
        return self.filter(permissions.reportable_q(user))

    def shared(self) -> "MonitoringPlanQuerySet":
        """Plans whose organisation shares the results of a description published for all."""
        return self.filter(
            is_shared=True,
            intervention__status=intervention_choices.Status.PUBLISHED,
            intervention__visibility=intervention_choices.Visibility.PARTNERS,
        )

    def in_portfolio_of(self, organisation) -> "MonitoringPlanQuerySet":
        """The plans of `organisation`'s portfolio report, by title; archived descriptions
        are left out."""
        return (
            self.filter(organisation=organisation)
            .exclude(intervention__status=intervention_choices.Status.ARCHIVED)
            .order_by("intervention__title", "pk")
        )

    def with_details(self) -> "MonitoringPlanQuerySet":
        """Everything `figures()` and the pages read, in a fixed number of queries."""
        # Imported here: the models import this module.
        from monitoring import models as monitoring

        costs = monitoring.CostLine.objects.select_related("period", "bearer_organisation")
        financing = monitoring.Financing.objects.select_related("funder_organisation")
        values = monitoring.OutputValue.objects.select_related("period")
        outputs = monitoring.OutputIndicator.objects.prefetch_related(
            Prefetch("values", queryset=values.order_by("period__start_date"))
        )
        return self.select_related("intervention", "organisation").prefetch_related(
            Prefetch(
                "periods", queryset=monitoring.ReportingPeriod.objects.order_by("start_date")
            ),
            Prefetch("cost_lines", queryset=costs.order_by("period__start_date", "pk")),
            Prefetch("financing", queryset=financing.order_by("pk")),
            Prefetch("outputs", queryset=outputs.order_by("pk")),
            Prefetch("outcomes", queryset=monitoring.ValuedOutcome.objects.order_by("pk")),
        )


class BudgetRoundQuerySet(models.QuerySet):
    def visible_to(self, user) -> "BudgetRoundQuerySet":
        """The rounds of the user's organisations: members apply, managers run them."""
        return self.filter(permissions.organisation_member_q(user))

    def accepting_applications(self, today: datetime.date) -> "BudgetRoundQuerySet":
        from monitoring.models import BudgetRound

        return self.filter(
            status=BudgetRound.Status.OPEN, opening_date__lte=today, closing_date__gte=today
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
        if getattr(user, "is_programme_staff", False):
            condition |= Q(round__has_programme_staff_backup=True)
        return self.filter(condition)

    def waiting_for_programme_staff(self) -> "BudgetApplicationQuerySet":
        """Submitted applications of rounds under review that ask programme staff, on which no
        manager can decide (`BudgetApplication.is_for_programme_staff()`, as a query)."""
        from monitoring.models import ApplicationStatus, RoundStatus

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
        from interventions.models import IntendedEffect, Intervention, TheoryStep
        from interventions.sections import SECTIONS

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
        from monitoring.models import BudgetApplication

        return self.filter(status__in=BudgetApplication.AWARDS)

    def awarded_total(self) -> Decimal:
        total = self.awarded().aggregate(total=Sum("awarded_amount"))["total"]
        return total or Decimal(0)
