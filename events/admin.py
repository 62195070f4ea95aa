from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from events import documents, exports, services
from events.models import Registration, SessionIngredient, ThemeSession
from wwidw import admin_base, permissions
from wwidw.pdf import pdf_response

Status = Registration.Status


def _check_status_change(form: forms.ModelForm) -> None:
    previous = form.initial.get("status")
    status = form.cleaned_data.get("status")
    if previous == Status.ATTENDED and status == Status.CANCELLED:
        form.add_error(
            "status",
            _("This participant was present and cannot be cancelled; set confirmed first."),
        )
    if previous == Status.CANCELLED and status not in (None, Status.CANCELLED):
        registration = form.instance
        others = Registration.objects.filter(
            session_id=registration.session_id, user_id=registration.user_id
        ).exclude(Q(pk=registration.pk) | Q(status=Status.CANCELLED))
        if others.exists():
            form.add_error(
                "status",
                _("This person registered again; change that registration instead."),
            )


def _check_membership(form: forms.ModelForm) -> None:
    user = form.cleaned_data.get("user")
    organisation = form.cleaned_data.get("organisation")
    if user and organisation and not permissions.is_member(user, organisation):
        form.add_error(
            "organisation",
            _("%(user)s does not belong to %(organisation)s. Choose one of their organisations.")
            % {"user": user, "organisation": organisation},
        )


class RegistrationStatusForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["status", "remark"]

    def clean(self):
        cleaned_data = super().clean()
        _check_status_change(self)
        return cleaned_data


class NewRegistrationForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["user", "organisation", "status", "remark"]

    def clean(self):
        cleaned_data = super().clean()
        _check_membership(self)
        return cleaned_data


class RegistrationInline(admin_base.TabularInline):
    """The registrations of the session; staff change the status, for instance to present."""

    model = Registration
    form = RegistrationStatusForm
    extra = 0
    fields = ["user", "organisation", "status", "remark", "created_at"]
    readonly_fields = ["user", "organisation", "created_at"]
    ordering = ["created_at", "pk"]
    verbose_name_plural = _("registrations")

    def get_queryset(self, request):
        # The row's title names the session too.
        return super().get_queryset(request).select_related("session", "user", "organisation")

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Registrations are cancelled, not deleted: the waiting list and e-mails depend on it.
        return False


class NewRegistrationInline(admin_base.TabularInline):
    """Registrations added by the programme staff, past the closing time or capacity if need
    be; the person must belong to the organisation."""

    model = Registration
    form = NewRegistrationForm
    extra = 0
    fields = ["user", "organisation", "status", "remark"]
    autocomplete_fields = ["user", "organisation"]
    verbose_name = _("new registration")
    verbose_name_plural = _("add registrations")

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_delete_permission(self, request, obj=None):
        return False


class SessionIngredientForm(forms.ModelForm):
    promote = forms.BooleanField(
        label=_("to the archetype"),
        required=False,
        help_text=_("Add it to the session's archetype as an active ingredient."),
    )

    class Meta:
        model = SessionIngredient
        fields = ["name", "description", "consensus", "supporting_cases"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "supporting_cases": forms.Textarea(attrs={"rows": 2}),
        }


class SessionIngredientInline(admin_base.TabularInline):
    """The outcome: the candidate active ingredients the participants defined."""

    model = SessionIngredient
    form = SessionIngredientForm
    extra = 0
    fields = ["name", "description", "consensus", "supporting_cases", "in_archetype", "promote"]
    readonly_fields = ["in_archetype"]
    ordering = ["pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("archetype_ingredient__archetype")

    @admin.display(description=_("in the archetype as"))
    def in_archetype(self, ingredient: SessionIngredient) -> str:
        return _archetype_link(ingredient)


def _archetype_link(ingredient: SessionIngredient) -> str:
    promoted = ingredient.archetype_ingredient
    if promoted is None:
        return "–"
    url = reverse("admin:archetypes_archetype_change", args=[promoted.archetype_id])
    return format_html('<a href="{}">{}: {}</a>', url, promoted.archetype, promoted.name)


class ThemeSessionForm(forms.ModelForm):
    """Says which date is wrong where the database would only name a broken constraint."""

    class Meta:
        model = ThemeSession
        fields = [
            "title",
            "slug",
            "kind",
            "status",
            "intervention_type",
            "archetype",
            "description",
            "programme",
            "starts_at",
            "ends_at",
            "venue",
            "address",
            "online_url",
            "capacity",
            "places_per_organisation",
            "registration_opens_at",
            "registration_closes_at",
            "outcome_summary",
        ]

    def clean(self):
        cleaned_data = super().clean()
        starts_at, ends_at = cleaned_data.get("starts_at"), cleaned_data.get("ends_at")
        opens_at = cleaned_data.get("registration_opens_at")
        closes_at = cleaned_data.get("registration_closes_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error(
                "ends_at", _("The session ends before it starts. Choose an end after the start.")
            )
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error(
                "registration_closes_at",
                _("Registration closes before it opens. Choose a closing time after the opening."),
            )
        if ends_at and closes_at and closes_at > ends_at:
            self.add_error(
                "registration_closes_at",
                _("Registration closes after the session has ended. Close it before the end."),
            )
        return cleaned_data


class TimingFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "wanneer"

    def lookups(self, request, model_admin):
        return [("komend", _("upcoming")), ("voorbij", _("past"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "komend":
            return queryset.filter(starts_at__gte=now)
        if self.value() == "voorbij":
            return queryset.filter(starts_at__lt=now)
        return queryset


@admin.register(ThemeSession)
class ThemeSessionAdmin(admin_base.ModelAdmin):
    """The programme staff run the sessions here: the programme, who comes, attendance, the
    attendee list and sign-in sheet, and the outcome."""

    form = ThemeSessionForm
    list_display = [
        "title",
        "kind",
        "intervention_type",
        "starts_at",
        "places",
        "waiting",
        "status",
    ]
    list_select_related = ["intervention_type"]
    list_filter = [
        "kind",
        "status",
        ("intervention_type", admin.RelatedOnlyFieldListFilter),
        TimingFilter,
    ]
    search_fields = ["title", "description", "venue", "intervention_type__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["intervention_type", "archetype"]
    inlines = [RegistrationInline, NewRegistrationInline, SessionIngredientInline]
    actions = ["attendee_list", "signin_sheet"]
    ordering = ["-starts_at"]
    change_form_template = "admin/events/themesession/change_form.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "status", "intervention_type", "archetype"]}),
        (_("Programme"), {"fields": ["description", "programme"]}),
        (
            _("Date and place"),
            {"fields": [("starts_at", "ends_at"), "venue", "address", "online_url"]},
        ),
        (
            _("Places and registration"),
            {
                "fields": [
                    ("capacity", "places_per_organisation"),
                    ("registration_opens_at", "registration_closes_at"),
                ]
            },
        ),
        (_("Outcome of the session"), {"fields": ["outcome_summary"]}),
    ]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 4})}}

    def get_queryset(self, request):
        return super().get_queryset(request).with_registration_counts()

    @admin.display(description=_("places taken"), ordering="taken")
    def places(self, session: ThemeSession) -> str:
        return f"{session.taken} / {session.capacity}"

    @admin.display(description=_("waiting list"), ordering="waiting")
    def waiting(self, session: ThemeSession) -> int:
        return session.waiting

    def get_urls(self):
        urls = [
            path(
                "<path:object_id>/aanwezigheidslijst/",
                self.admin_site.admin_view(self.attendee_list_view),
                name="events_themesession_attendees",
            ),
            path(
                "<path:object_id>/tekenlijst/",
                self.admin_site.admin_view(self.signin_sheet_view),
                name="events_themesession_signin_sheet",
            ),
        ]
        # Before the model admin's own "<object_id>/" catch-all.
        return [*urls, *super().get_urls()]

    def save_formset(self, request, form, formset, change):
        if issubclass(formset.form, RegistrationStatusForm):
            self._save_registrations(request, formset)
            return
        super().save_formset(request, form, formset, change)
        if issubclass(formset.form, SessionIngredientForm):
            chosen = [
                ingredient_form.instance
                for ingredient_form in formset.forms
                if ingredient_form.cleaned_data.get("promote")
                and ingredient_form not in formset.deleted_forms
            ]
            promote_ingredients(self, request, chosen)

    def _save_registrations(self, request: HttpRequest, formset) -> None:
        """The remarks as typed; a changed status through `services.change_registration_status`."""
        changes = []
        for inline_form in formset.initial_forms:
            if "status" in inline_form.changed_data:
                changes.append((inline_form.instance, inline_form.cleaned_data["status"]))
                inline_form.instance.status = inline_form.initial["status"]
        formset.save()
        for registration, status in changes:
            services.change_registration_status(
                registration=registration, status=status, by=request.user
            )

    @admin.action(description=_("Attendee list (CSV)"), permissions=["view"])
    def attendee_list(self, request: HttpRequest, queryset) -> StreamingHttpResponse:
        return _attendee_list_response(queryset)

    @admin.action(description=_("Sign-in sheet (PDF)"), permissions=["view"])
    def signin_sheet(self, request: HttpRequest, queryset) -> HttpResponse:
        return _signin_sheet_response(request, queryset)

    def attendee_list_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        sessions = self._one_session(request, object_id)
        if sessions is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return _attendee_list_response(sessions)

    def signin_sheet_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        sessions = self._one_session(request, object_id)
        if sessions is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return _signin_sheet_response(request, sessions)

    def _one_session(self, request: HttpRequest, object_id: str) -> QuerySet | None:
        session = self.get_object(request, unquote(object_id))
        if session is None:
            return None
        if not self.has_view_permission(request, session):
            raise PermissionDenied
        return ThemeSession.objects.filter(pk=session.pk)


def _attendee_list_response(sessions: QuerySet) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        exports.csv_lines(sessions), content_type="text/csv; charset=utf-8"
    )
    filename = _filename(gettext("attendee-list"), sessions, "csv")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _signin_sheet_response(request: HttpRequest, sessions: QuerySet) -> HttpResponse:
    html = documents.render_signin_sheet_html(sessions, request=request)
    return pdf_response(request, html, _filename(gettext("sign-in-sheet"), sessions, "pdf"))


def _filename(name: str, sessions: QuerySet, extension: str) -> str:
    slugs = list(sessions.values_list("slug", flat=True)[:2])
    if len(slugs) == 1:
        return f"{name}-{slugs[0]}.{extension}"
    return f"{name}.{extension}"


def promote_ingredients(model_admin, request: HttpRequest, ingredients) -> None:
    """Promote each ingredient into its session's archetype; say what happened and why not."""
    promoted = 0
    for ingredient in ingredients:
        try:
            services.promote_ingredient(ingredient=ingredient, by=request.user)
        except ValidationError as error:
            model_admin.message_user(
                request, f"{ingredient}: {' '.join(error.messages)}", messages.WARNING
            )
        else:
            promoted += 1
    if promoted:
        message = ngettext(
            "%(count)d ingredient is in the archetype now, with the session as its source.",
            "%(count)d ingredients are in the archetype now, with the session as their source.",
            promoted,
        ) % {"count": promoted}
        model_admin.message_user(request, message, messages.SUCCESS)


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["session", "user", "organisation", "status", "remark"]

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            _check_membership(self)
        else:
            _check_status_change(self)
        return cleaned_data


@admin.register(Registration)
class RegistrationAdmin(admin_base.ModelAdmin):
    form = RegistrationForm
    list_display = ["user", "organisation", "session", "status", "created_at"]
    list_filter = ["status", "session__kind", ("session", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "organisation", "session"]
    search_fields = ["user__full_name", "user__email", "organisation__name", "session__title"]
    autocomplete_fields = ["session", "user", "organisation"]
    actions = ["mark_attended", "cancel"]
    ordering = ["-session__starts_at", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["session", "user", "organisation", "created_at", "updated_at", "cancelled_at"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not (change and "status" in form.changed_data):
            super().save_model(request, obj, form, change)
            return
        # The remark as typed, then the status through the services.
        obj.status = form.initial["status"]
        super().save_model(request, obj, form, change)
        services.change_registration_status(
            registration=obj, status=form.cleaned_data["status"], by=request.user
        )

    @admin.action(description=_("Mark as present"), permissions=["change"])
    def mark_attended(self, request: HttpRequest, queryset) -> None:
        marked = skipped = 0
        for registration in queryset:
            try:
                services.mark_attendance(registration=registration, attended=True, by=request.user)
            except ValidationError:
                skipped += 1
            else:
                marked += 1
        self.message_user(request, _marked_message(marked), messages.SUCCESS)
        if skipped:
            self.message_user(request, _not_marked_message(skipped), messages.WARNING)

    @admin.action(description=_("Cancel registrations"), permissions=["change"])
    def cancel(self, request: HttpRequest, queryset) -> None:
        cancelled = skipped = 0
        for registration in queryset.exclude(status=Status.CANCELLED):
            try:
                services.cancel_registration(registration=registration, by=request.user)
            except ValidationError:
                skipped += 1
            else:
                cancelled += 1
        message = ngettext(
            "%(count)d registration cancelled; the waiting list moved up where a place came free.",
            "%(count)d registrations cancelled; the waiting list moved up where places came free.",
            cancelled,
        ) % {"count": cancelled}
        self.message_user(request, message, messages.SUCCESS)
        if skipped:
            self.message_user(request, _not_cancelled_message(skipped), messages.WARNING)


def _marked_message(count: int) -> str:
    return ngettext(
        "%(count)d participant marked as present.",
        "%(count)d participants marked as present.",
        count,
    ) % {"count": count}


def _not_marked_message(count: int) -> str:
    return ngettext(
        "%(count)d registration was not marked: only confirmed participants can be present.",
        "%(count)d registrations were not marked: only confirmed participants can be present.",
        count,
    ) % {"count": count}


def _not_cancelled_message(count: int) -> str:
    return ngettext(
        "%(count)d registration was not cancelled: the participant was present.",
        "%(count)d registrations were not cancelled: the participants were present.",
        count,
    ) % {"count": count}


@admin.register(SessionIngredient)
class SessionIngredientAdmin(admin_base.ModelAdmin):
    """The candidate active ingredients of all sessions; "To the archetype" promotes them."""

    list_display = ["name", "session", "consensus", "in_archetype"]
    list_filter = ["consensus", ("session", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["session", "archetype_ingredient__archetype"]
    search_fields = ["name", "description", "session__title"]
    autocomplete_fields = ["session"]
    fields = ["session", "name", "description", "consensus", "supporting_cases", "in_archetype"]
    readonly_fields = ["in_archetype"]
    actions = ["promote"]

    @admin.display(description=_("in the archetype as"))
    def in_archetype(self, ingredient: SessionIngredient) -> str:
        return _archetype_link(ingredient)

    @admin.action(description=_("To the archetype"), permissions=["change"])
    def promote(self, request: HttpRequest, queryset) -> None:
        promote_ingredients(self, request, queryset.select_related("session"))
