from django.contrib import admin

from monitoring.models import FinancialProxy, StandardIndicator
from wwidw import admin_base


@admin.register(FinancialProxy)
class FinancialProxyAdmin(admin_base.ModelAdmin):
    """The shared library of money values; the partners' monitoring itself is not in the admin:
    it belongs to the organisations."""

    list_display = ["name", "unit", "value", "price_year", "source"]
    list_filter = ["price_year"]
    search_fields = ["name", "unit", "source"]
    ordering = ["name"]


@admin.register(StandardIndicator)
class StandardIndicatorAdmin(admin_base.ModelAdmin):
    """The shared library of effect indicators per effect, which partners are offered first
    when they add an indicator, so that their figures can be compared."""

    list_display = ["name", "effect", "scale", "unit", "direction", "method", "source"]
    list_filter = ["effect__domain", "method", "scale"]
    list_select_related = ["effect"]
    search_fields = ["name", "unit", "source", "effect__code", "effect__name"]
    autocomplete_fields = ["effect"]
    ordering = ["effect__code", "name"]
