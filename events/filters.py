import django_filters
from django.utils.translation import gettext_lazy as _

from events.models import ThemeSession
from interventions.filters import intervention_type_filter


class SessionFilter(django_filters.FilterSet):
    """The programme by kind of session and intervention type. Upcoming or past is a tab of the
    page (`?wanneer=`), not a filter, so the same FilterSet serves both."""

    soort = django_filters.ChoiceFilter(
        label=_("Kind"),
        field_name="kind",
        choices=ThemeSession.Kind.choices,
        empty_label=_("All kinds"),
    )
    type = intervention_type_filter()

    class Meta:
        model = ThemeSession
        fields = []
