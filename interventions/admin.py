from django.contrib import admin
from django.http import HttpRequest

from interventions.models import (
    DescriptionImport,
    Effect,
    Intervention,
    InterventionQuerySet,
    InterventionType,
    TargetGroup,
    Theme,
    TheoryStep,
)
from wwidw import admin_base


def visible_interventions(request: HttpRequest) -> InterventionQuerySet:
    """The descriptions the admin shows: what the site shows the user (programme staff see
    what their partners published for all), and everything to the technical administrator."""
    if request.user.is_superuser:
        return Intervention.objects.all()
    return Intervention.objects.visible_to(request.user)


@admin.register(Theme)
class ThemeAdmin(admin_base.ModelAdmin):
    list_display = ["name", "position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(InterventionType)
class InterventionTypeAdmin(admin_base.ModelAdmin):
    list_display = ["name", "theme"]
    list_filter = ["theme"]
    list_select_related = ["theme"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TargetGroup)
class TargetGroupAdmin(admin_base.ModelAdmin):
    list_display = ["name", "position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Effect)
class EffectAdmin(admin_base.ModelAdmin):
    list_display = ["code", "name", "domain", "example_indicator"]
    list_filter = ["domain"]
    search_fields = ["code", "name"]


class TheoryStepInline(admin_base.TabularInline):
    model = TheoryStep
    extra = 0


@admin.register(Intervention)
class InterventionAdmin(admin_base.VersionAdmin):
    """Read-mostly for programme staff: descriptions are written by the partners in the site.

    Programme staff see here what the site shows them, so a draft or a description for its own
    organisation only stays with that organisation, as the site tells its authors.
    """

    list_display = ["title", "organisation", "status", "visibility", "completeness", "updated_at"]
    ordering = ["-updated_at", "-pk"]
    list_filter = ["status", "visibility", "phase", "organisation", "intervention_types"]
    list_select_related = ["organisation"]
    search_fields = ["title", "summary", "municipality", "neighbourhood"]
    autocomplete_fields = ["organisation", "created_by", "authors"]
    filter_horizontal = ["intervention_types", "themes", "target_groups"]
    readonly_fields = ["completeness", "revision", "created_at", "updated_at", "published_at"]
    inlines = [TheoryStepInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.visible_to(request.user)

    def get_history_queryset(self, request):
        # Earlier versions may hold text that was never published: as on the site, owners only.
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.editable_by(request.user)


@admin.register(DescriptionImport)
class DescriptionImportAdmin(admin_base.ModelAdmin):
    """What came in from spreadsheets, to read: programme staff import for a partner on the
    site's import page (interventions:import_start), where they choose the partner."""

    list_display = [
        "created_at",
        "organisation",
        "created_by",
        "filename",
        "status",
        "created_count",
        "updated_count",
        "skipped_count",
    ]
    ordering = ["-created_at", "-pk"]
    list_filter = ["status", "organisation"]
    list_select_related = ["organisation", "created_by"]
    search_fields = ["filename", "organisation__name"]
    # The file is private: the site's history page serves it after its permission check.
    exclude = ["preview", "task_result_id", "file"]
    readonly_fields = [
        "organisation",
        "created_by",
        "created_at",
        "finished_at",
        "filename",
        "status",
        "row_count",
        "created_count",
        "updated_count",
        "skipped_count",
        "errors_summary",
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.visible_to(request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
