from django.contrib import admin

from monitoring.models import FinancialProxy
from wwidw import admin_base


@admin.register(FinancialProxy)
class FinancialProxyAdmin(admin_base.ModelAdmin):
    """The shared library of money values; the partners' monitoring itself is not in the admin:
    it belongs to the organisations."""

    list_display = ["name", "unit", "value", "price_year", "source"]
    list_filter = ["price_year"]
    search_fields = ["name", "unit", "source"]
    ordering = ["name"]
