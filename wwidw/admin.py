from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from wwidw import admin_base
from wwidw.models import Membership, Organisation, User


class MembershipInline(admin_base.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "organisation"]


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "job_title"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "organisation_names", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "groups", "memberships__organisation"]
    search_fields = ["email", "full_name", "memberships__organisation__name"]
    readonly_fields = ["last_login", "joined_at"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal details"), {"fields": ["full_name", "job_title"]}),
        (
            _("Access"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "joined_at"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "usable_password", "password1", "password2"],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("memberships__organisation")

    @admin.display(description=_("organisations"))
    def organisation_names(self, user: User) -> str:
        return ", ".join(m.organisation.name for m in user.memberships.all())


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "is_active", "member_count"]
    ordering = ["name"]
    list_filter = ["kind", "is_active", "city"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate_member_count()

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, organisation: Organisation) -> int:
        return organisation.member_count


@admin.register(Membership)
class MembershipAdmin(admin_base.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    ordering = ["organisation__name", "role", "user__full_name"]
    list_filter = ["role", "organisation__kind", "organisation"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]


# The task queue (wwidw.mail, large PDFs): what ran, what waits and what failed, with the
# traceback. For the technical administrator (superusers) only, not for programme staff.
admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    list_display = [*DBTaskResultAdmin.list_display, "summary"]

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    @admin.display(description=_("summary"))
    def summary(self, obj: DBTaskResult) -> str:
        kwargs = obj.args_kwargs.get("kwargs", {})
        if "subject" not in kwargs:
            return ""
        return _("%(subject)s to %(to)s, attempt %(attempt)s") % {
            "subject": kwargs["subject"],
            "to": ", ".join(kwargs.get("to", [])),
            "attempt": kwargs.get("attempt", 1),
        }
