from django.contrib import admin
from reversion.admin import VersionAdmin

from interventions.models import (
    Effect,
    Intervention,
    InterventionType,
    TargetGroup,
    Theme,
    TheoryStep,
)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(InterventionType)
class InterventionTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "theme"]
    list_filter = ["theme"]
    list_select_related = ["theme"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Effect)
class EffectAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "domain", "example_indicator"]
    list_filter = ["domain"]
    search_fields = ["code", "name"]


class TheoryStepInline(admin.TabularInline):
    model = TheoryStep
    extra = 0


@admin.register(Intervention)
class InterventionAdmin(VersionAdmin):
    """Read-mostly for programme staff: descriptions are written by the partners in the site."""

    list_display = ["title", "organisation", "status", "visibility", "completeness", "updated_at"]
    ordering = ["-updated_at", "-pk"]
    list_filter = ["status", "visibility", "phase", "organisation", "intervention_types"]
    list_select_related = ["organisation"]
    search_fields = ["title", "summary", "municipality", "neighbourhood"]
    autocomplete_fields = ["organisation", "created_by", "authors"]
    filter_horizontal = ["intervention_types", "themes", "target_groups"]
    readonly_fields = ["completeness", "revision", "created_at", "updated_at", "published_at"]
    inlines = [TheoryStepInline]
