import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from archetypes.models import Archetype
from interventions.filters import intervention_type_filter
from interventions.models import Theme


class ArchetypeFilter(django_filters.FilterSet):
    """The archetype list by intervention type and theme. Build it from the visible ones:

    ArchetypeFilter(request.GET, queryset=Archetype.objects.visible_to(user))
    """

    type = intervention_type_filter()
    thema = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.order_by("position", "name"),
        to_field_name="slug",
        method="filter_theme",
        empty_label=_("All themes"),
    )

    class Meta:
        model = Archetype
        fields = []

    def filter_theme(self, queryset, name, theme):
        """Archetypes about the theme, or of an intervention type under it."""
        about = Archetype.themes.through.objects.filter(archetype=OuterRef("pk"), theme=theme)
        return queryset.filter(Exists(about) | Q(intervention_type__theme=theme))
