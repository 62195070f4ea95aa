from django.db import models
from django.db.models import Prefetch

from interventions import choices as intervention_choices
from wwidw import permissions


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
