"""Comparing the applications of a budget round: filter by status and completeness, and sort.

Completeness is worked out from the description as submitted (`BudgetApplication.missing()`),
not stored, so filtering and sorting by it read the applications (`as_submitted()`, with their
prefetched description) and keep the ones that fit, in a fixed number of queries.
"""

import django_filters
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from budgets.models import BudgetApplication, Completeness


class Sort(models.TextChoices):
    SUBMITTED = "ingediend", _("Submitted, oldest first")
    REQUESTED = "bedrag", _("Amount requested, highest first")
    TITLE = "titel", _("Title A–Z")
    COMPLETENESS = "volledigheid", _("Completeness, complete first")


SORT_ORDER = {
    Sort.SUBMITTED: ["submitted_at", "pk"],
    Sort.REQUESTED: ["-amount_requested", "pk"],
    Sort.TITLE: [Lower("intervention__title"), "pk"],
}
COMPLETENESS_ORDER = list(Completeness)
REVIEW_STATUSES = [BudgetApplication.Status.SUBMITTED, *BudgetApplication.DECISIONS]


def _in_order(queryset: models.QuerySet, applications: list) -> models.QuerySet:
    """`queryset` narrowed to `applications`, in their order."""
    if not applications:
        return queryset.none()
    ids = [application.pk for application in applications]
    position = models.Case(
        *[models.When(pk=pk, then=index) for index, pk in enumerate(ids)],
        output_field=models.IntegerField(),
    )
    return queryset.filter(pk__in=ids).order_by(position)


class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(status.value, status.label) for status in REVIEW_STATUSES],
        empty_label=_("All statuses"),
    )
    volledigheid = django_filters.ChoiceFilter(
        label=_("Completeness"),
        choices=Completeness.choices,
        empty_label=_("Complete or not"),
        method="filter_completeness",
    )
    sorteer = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=Sort.choices, empty_label=None, method="sort"
    )

    class Meta:
        model = BudgetApplication
        fields = []

    def filter_completeness(self, queryset, name, value):
        kept = [item for item in queryset.as_submitted() if item.completeness() == value]
        return _in_order(queryset, kept)

    def sort(self, queryset, name, value):
        if value == Sort.COMPLETENESS:
            return _in_order(queryset, self._by_completeness(queryset))
        return queryset.order_by(*SORT_ORDER[value])

    def filter_queryset(self, queryset):
        # Submitted first unless the manager chose another order.
        queryset = queryset.order_by(*SORT_ORDER[Sort.SUBMITTED])
        return super().filter_queryset(queryset)

    @staticmethod
    def _by_completeness(queryset) -> list[BudgetApplication]:
        applications = queryset.as_submitted()
        applications.sort(key=lambda item: item.description.title.casefold())
        applications.sort(key=lambda item: COMPLETENESS_ORDER.index(item.completeness()))
        return applications
