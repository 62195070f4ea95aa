import django_filters
from django.utils.translation import gettext_lazy as _

from events.models import ThemeSession
from interventions.models import InterventionType


class SessionFilter(django_filters.FilterSet):
    """The programme by kind of session and intervention type. Upcoming or past is a tab of the
    page (`?wanneer=`), not a filter, so the same FilterSet serves both."""

    soort = django_filters.ChoiceFilter(
        label=_("Kind"),
        field_name="kind",
        choices=ThemeSession.Kind.choices,
        empty_label=_("All kinds"),
    )
    type = django_filters.ModelChoiceFilter(
        label=_("Intervention type"),
        field_name="intervention_type",
        queryset=InterventionType.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All types"),
    )

    class Meta:
        model = ThemeSession
        fields = []
