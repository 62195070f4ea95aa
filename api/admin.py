"""API keys for the programme staff: read only, with revoking as the one action."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from api import services
from api.models import ApiKey
from wwidw import permissions
from wwidw.admin_base import ModelAdmin


@admin.register(ApiKey)
class ApiKeyAdmin(ModelAdmin):
    list_display = [
        "name",
        "organisation",
        "prefix",
        "created_by",
        "created_at",
        "last_used_at",
        "is_active",
    ]
    list_filter = ["organisation", ("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["organisation", "created_by"]
    search_fields = ["name", "prefix", "organisation__name"]
    readonly_fields = [
        "name",
        "organisation",
        "prefix",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    ]
    fields = readonly_fields
    actions = ["revoke"]

    @admin.display(description=_("active"), boolean=True)
    def is_active(self, key: ApiKey) -> bool:
        return not key.is_revoked

    def has_add_permission(self, request) -> bool:
        # Keys are made by the organisation's managers, who are shown the token once.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # Nothing of a key is edited; the change permission allows the revoke action.
        return obj is None and super().has_change_permission(request, obj)

    @admin.action(description=_("Revoke the selected keys"), permissions=["revoke"])
    def revoke(self, request, queryset) -> None:
        keys = list(queryset.filter(revoked_at__isnull=True).select_related("organisation"))
        for key in keys:
            services.revoke_api_key(key=key, by=request.user)
        message = ngettext("%(count)d key revoked.", "%(count)d keys revoked.", len(keys))
        self.message_user(request, message % {"count": len(keys)}, messages.SUCCESS)

    def has_revoke_permission(self, request) -> bool:
        # The same rule as services.revoke_api_key: programme staff with the change permission.
        user = request.user
        return permissions.is_programme_staff(user) and super().has_change_permission(request)
