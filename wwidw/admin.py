from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from wwidw import admin_base, permissions, services
from wwidw.models import Invitation, Membership, MembershipChange, Organisation, User

# Only superusers see and set these: with them, programme staff could make anyone superuser,
# or sign in as a partner's manager with a password they chose.
ACCESS_FIELDS = ["is_staff", "is_superuser", "groups", "user_permissions"]
PASSWORD_FIELDS = ["password", "usable_password", "password1", "password2"]


class MembershipForm(forms.ModelForm):
    """A membership in the administration; refuses one that the acting user gives themselves."""

    granted_by: User | None = None  # set per request by `_granted_by`

    class Meta:
        model = Membership
        fields = ["user", "organisation", "role"]

    def clean(self):
        cleaned_data = super().clean()
        member = cleaned_data.get("user")
        if member is None or self.granted_by is None or not self.has_changed():
            return cleaned_data
        self.instance.user = member
        try:
            self.instance.validate_granted_by(self.granted_by)
        except ValidationError as error:
            # In a user's inline the member is the page's user, a hidden field.
            field = None if self.fields["user"].widget.is_hidden else "user"
            self.add_error(field, error.message_dict["user"])
        return cleaned_data


def _granted_by(form_class: type[MembershipForm], user: User) -> type[MembershipForm]:
    return type(form_class.__name__, (form_class,), {"granted_by": user})


def _save_membership_formset(request, formset) -> None:
    """Save an inline formset of memberships through the services, which record each change."""
    memberships = formset.save(commit=False)
    services.delete_memberships(memberships=formset.deleted_objects, by=request.user)
    for membership in memberships:
        services.save_membership(membership=membership, by=request.user)
    formset.save_m2m()


class MembershipInline(admin_base.TabularInline):
    model = Membership
    form = MembershipForm
    extra = 0
    autocomplete_fields = ["user", "organisation"]

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = _granted_by(self.form, request.user)
        return super().get_formset(request, obj, **kwargs)

    # On the page of an account the user may not change, the memberships are read-only too.
    def has_add_permission(self, request, obj):
        return self._account_changeable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        changeable = self._account_changeable(request, obj)
        return changeable and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        changeable = self._account_changeable(request, obj)
        return changeable and super().has_delete_permission(request, obj)

    def _account_changeable(self, request, obj) -> bool:
        return not isinstance(obj, User) or permissions.can_change_account(request.user, obj)


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]


class PartnerAccountCreationForm(forms.ModelForm):
    """A new partner account without a password: its owner chooses one through "Wachtwoord
    vergeten", so nobody else ever knows it."""

    class Meta:
        model = User
        fields = ["email", "full_name"]

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


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

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # The form is built from the fieldsets, so posted access fields are ignored too.
        hidden = ACCESS_FIELDS + PASSWORD_FIELDS
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in hidden]})
            for name, options in fieldsets
        ]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None and not request.user.is_superuser:
            kwargs["form"] = PartnerAccountCreationForm
        return super().get_form(request, obj, **kwargs)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    # Staff and superuser accounts are read-only to other staff: the change page, the password
    # page and deleting (one or a selection) all ask these two.
    def has_change_permission(self, request, obj=None):
        if obj is not None and not permissions.can_change_account(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not permissions.can_change_account(request.user, obj):
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        services.delete_accounts(users=[obj], by=request.user)

    def delete_queryset(self, request, queryset):
        if not all(permissions.can_change_account(request.user, user) for user in queryset):
            raise PermissionDenied
        services.delete_accounts(users=queryset, by=request.user)

    def save_formset(self, request, form, formset, change):
        _save_membership_formset(request, formset)


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

    def save_formset(self, request, form, formset, change):
        if formset.model is Membership:
            _save_membership_formset(request, formset)
        else:
            super().save_formset(request, form, formset, change)


@admin.register(Membership)
class MembershipAdmin(admin_base.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    ordering = ["organisation__name", "role", "user__full_name"]
    list_filter = ["role", "organisation__kind", "organisation"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]
    form = MembershipForm

    def get_form(self, request, obj=None, **kwargs):
        return _granted_by(super().get_form(request, obj, **kwargs), request.user)

    # Every write goes through the services, which record it in the organisation's trail.
    def save_model(self, request, obj, form, change):
        services.save_membership(membership=obj, by=request.user)

    def delete_model(self, request, obj):
        services.delete_memberships(memberships=[obj], by=request.user)

    def delete_queryset(self, request, queryset):
        services.delete_memberships(memberships=queryset.select_related("user"), by=request.user)


@admin.register(MembershipChange)
class MembershipChangeAdmin(admin.ModelAdmin):
    """The trail of membership changes: read-only, written by the services."""

    list_display = ["changed_at", "organisation", "member_name", "action", "new_role", "by_name"]
    ordering = ["-changed_at", "-pk"]
    list_filter = ["action", "organisation"]
    search_fields = ["member_name", "by_name", "organisation__name"]
    list_select_related = ["organisation"]
    date_hierarchy = "changed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class InvitationAdminForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["organisation", "email", "role"]


@admin.register(Invitation)
class InvitationAdmin(admin_base.ModelAdmin):
    """Programme staff invite people into any partner (the e-mail goes out on saving),
    withdraw invitations and send them again. An invitation is never changed or deleted: it is
    the record of who was invited, by whom and when."""

    form = InvitationAdminForm
    list_display = [
        "email",
        "organisation",
        "role",
        "status",
        "invited_by",
        "created_at",
        "expires_at",
    ]
    ordering = ["-created_at", "-pk"]
    list_filter = ["role", "organisation"]
    search_fields = ["email", "organisation__name"]
    list_select_related = ["organisation", "invited_by"]
    autocomplete_fields = ["organisation"]
    date_hierarchy = "created_at"
    actions = ["revoke_selected", "resend_selected"]
    SHOWN_FIELDS = [
        "organisation",
        "email",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_by",
        "accepted_at",
        "revoked_by",
        "revoked_at",
    ]

    def get_fields(self, request, obj=None):
        return self.SHOWN_FIELDS if obj else ["organisation", "email", "role"]

    def get_readonly_fields(self, request, obj=None):
        return self.SHOWN_FIELDS if obj else []

    @admin.display(description=_("status"))
    def status(self, invitation: Invitation) -> str:
        return invitation.status(timezone.now())

    def has_add_permission(self, request):
        return permissions.is_programme_staff(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return permissions.is_programme_staff(request.user) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            services.send_invitation(invitation=obj, by=request.user)

    @admin.action(description=_("Withdraw the selected invitations"), permissions=["change"])
    def revoke_selected(self, request, queryset):
        self._each_open(request, queryset, services.revoke_invitation)

    @admin.action(description=_("Send the selected invitations again"), permissions=["change"])
    def resend_selected(self, request, queryset):
        self._each_open(request, queryset, services.resend_invitation)

    def _each_open(self, request, queryset, service) -> None:
        done = 0
        for invitation in queryset.select_related("organisation"):
            try:
                service(invitation=invitation, by=request.user)
            except ValidationError:
                continue  # accepted or withdrawn already
            done += 1
        total = len(queryset)
        message = ngettext(
            "%(done)d of %(total)d invitation handled; the others were closed already.",
            "%(done)d of %(total)d invitations handled; the others were closed already.",
            total,
        )
        messages.info(request, message % {"done": done, "total": total})


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
