"""What every admin of the project shares; its admins subclass these instead of Django's.

- Autocomplete fields answer an id that is not one (``abc``) with the form's "select a valid
  choice", not with a server error.
- Every field has a name for screen readers: a required autocomplete starts with an empty choice
  named "— choose —" (no empty option without a label), a field in a table row is named after
  its column, and no field is described by an element that is not there.
- Version admins only ever read and restore versions of their own objects, that the user may
  see, and a restore is logged and kept as a new version.
"""

from contextlib import nullcontext

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.widgets import (
    AdminDateWidget,
    AdminSplitDateTime,
    AdminTimeWidget,
    AutocompleteSelect,
    AutocompleteSelectMultiple,
)
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion import admin as reversion_admin
from reversion.errors import RevertError
from reversion.models import Revision, Version
from reversion.revisions import _get_options, set_comment
from reversion.utils import mute_signals


class _ValidValuesOnly:
    """Django's autocomplete widgets look the submitted values up to show them again, and a
    value the key cannot hold ("abc" for a number) then fails the query. Leave such values out:
    the form field reports them."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [item for item in value if self._is_valid(item)], attr)

    def _is_valid(self, item) -> bool:
        remote_opts = self.field.remote_field.model._meta
        name = getattr(self.field.remote_field, "field_name", None) or remote_opts.pk.name
        target = remote_opts.get_field(name)
        try:
            target.run_validators(target.to_python(item))
        except ValidationError:
            return False
        return True


CHOOSE = _("— choose —")


class ValidAutocompleteSelect(_ValidValuesOnly, AutocompleteSelect):
    """Always an empty first choice, with a name: a required select must start with one."""

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        options = groups[0][1]
        if options and options[0]["value"] == "":
            options[0]["label"] = CHOOSE
        else:
            selected = any(option["selected"] for group in groups for option in group[1])
            options.insert(0, self.create_option(name, "", CHOOSE, not selected, 0))
        return groups


class ValidAutocompleteSelectMultiple(_ValidValuesOnly, AutocompleteSelectMultiple):
    pass


class _DescribedByWhatIsThere:
    """Django's date and time fields point aria-describedby at a time zone warning that its
    script adds only when the browser's time zone differs: keep the field's own description
    (its help text) only."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        described_by = (attrs or {}).get("aria-describedby")
        for widget in context["widget"].get("subwidgets", [context["widget"]]):
            widget["attrs"].pop("aria-describedby", None)
            if described_by:
                widget["attrs"]["aria-describedby"] = described_by
        return context


class SplitDateTimeWidget(_DescribedByWhatIsThere, AdminSplitDateTime):
    pass


class DateWidget(_DescribedByWhatIsThere, AdminDateWidget):
    pass


class TimeWidget(_DescribedByWhatIsThere, AdminTimeWidget):
    pass


DESCRIBED_WIDGETS = {
    AdminSplitDateTime: SplitDateTimeWidget,
    AdminDateWidget: DateWidget,
    AdminTimeWidget: TimeWidget,
}


class _ValidAutocompleteFields:
    """The autocomplete widgets above, and date and time widgets described by what is there."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        if type(widget) in DESCRIBED_WIDGETS:
            # The subclass only changes get_context(): the field keeps its widget, as set up.
            widget.__class__ = DESCRIBED_WIDGETS[type(widget)]
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ValidAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ValidAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ModelAdmin(_ValidAutocompleteFields, admin.ModelAdmin):
    pass


class _FieldsNamedByColumn:
    """A formset whose forms name each field after its column, as a table row has no labels."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for field in form.fields.values():
            if field.label and not field.widget.is_hidden:
                # An autocomplete's wrapper (with its add and change links) renders the widget.
                for widget in [field.widget, getattr(field.widget, "widget", None)]:
                    if widget is not None:
                        widget.attrs.setdefault("aria-label", capfirst(field.label))


class TabularInline(_ValidAutocompleteFields, admin.TabularInline):
    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (_FieldsNamedByColumn, formset), {})


class StackedInline(_ValidAutocompleteFields, admin.StackedInline):
    pass


NOT_RESTORED = _("The version could not be restored. Open it again from the history.")
OTHER_RECORDS = _(
    "This version was saved together with records of another kind and cannot be restored "
    "here. Change the fields by hand instead."
)


class _ShowRevisionForm(Exception):  # noqa: N818 (not an error: leaves the transaction)
    """Leave the reverted revision's transaction with the rendered form."""

    def __init__(self, response: HttpResponse):
        self.response = response


class VersionAdmin(_ValidAutocompleteFields, reversion_admin.VersionAdmin):
    """django-reversion's history, with every version looked up through the object in the URL:
    reversion's own views take any version id, of any model, and its revert of an object that
    the admin then does not find was kept without a log entry.

    - history and an old version: of an object in `get_history_queryset()`; a version of another
      object or model is a 404;
    - restore (POST): with change permission, through the change form, which logs the change;
      the restore is a new version;
    - recover deleted: only the last version of a deleted object of this model, with add and
      change permission.

    A revision holding records of other models than this one and those it follows is never
    restored here.
    """

    def get_history_queryset(self, request: HttpRequest) -> models.QuerySet:
        """The objects whose earlier versions the user may read."""
        return self.get_queryset(request)

    def history_view(self, request, object_id, extra_context=None):
        if self._history_object(request, object_id) is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        obj = self._history_object(request, object_id)
        if obj is None:
            raise Http404
        version = get_object_or_404(Version.objects.get_for_object(obj), pk=version_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        if request.method == "POST" and not self.has_change_permission(request, obj):
            raise PermissionDenied
        context = {"title": gettext("Revert %(name)s") % {"name": version.object_repr}}
        context.update(extra_context or {}, revert=True)
        template = self.revision_form_template or self._reversion_get_template_list(
            "revision_form.html"
        )
        return self._revert_view(request, version, template, context)

    def recover_view(self, request, version_id, extra_context=None):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_deleted(self.model), pk=version_id)
        context = {"title": gettext("Recover %(name)s") % {"name": version.object_repr}}
        context.update(extra_context or {}, recover=True)
        template = self.recover_form_template or self._reversion_get_template_list(
            "recover_form.html"
        )
        return self._revert_view(request, version, template, context)

    def _history_object(self, request: HttpRequest, object_id: str):
        queryset = self.get_history_queryset(request)
        try:
            return queryset.get(pk=self.opts.pk.to_python(unquote(object_id)))
        except (queryset.model.DoesNotExist, ValidationError):
            return None

    def _revert_view(self, request, version: Version, template, context) -> HttpResponse:
        """The change form filled with the version's revision: shown (GET) and rolled back, or
        saved (POST) when the form is valid, which logs the change and stores a new version."""
        saving = request.method == "POST"
        signals = (pre_save, post_save, pre_delete, post_delete, m2m_changed)
        quiet = nullcontext() if saving else mute_signals(*signals)
        try:
            with transaction.atomic(using=version.db), quiet:
                if not self._holds_own_records_only(version.revision):
                    raise RevertError(OTHER_RECORDS)
                version.revision.revert(delete=True)
                if self.get_object(request, version.object_id) is None:
                    raise Http404
                with self.create_revision(request):
                    response = self.changeform_view(
                        request, quote(version.object_id), request.path, context
                    )
                    if saving and response.status_code == 302:
                        set_comment(_restored_comment(version))
                        return response
                    if response.status_code != 200:
                        raise RevertError(NOT_RESTORED)
                    response.template_name = template
                    response.render()
                    raise _ShowRevisionForm(response)
        except (RevertError, models.ProtectedError) as error:
            messages.error(request, str(error))
            opts = self.opts
            return redirect(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist"
            )
        except _ShowRevisionForm as shown:
            return shown.response

    def _holds_own_records_only(self, revision: Revision) -> bool:
        content_types = ContentType.objects.get_for_models(*_followed_models(self.model))
        return not revision.version_set.exclude(content_type__in=content_types.values()).exists()


def _followed_models(model: type[models.Model]) -> set[type[models.Model]]:
    """The model and the models its versions include (django-reversion's `follow`)."""
    found, todo = set(), [model]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            for name in _get_options(current).follow:
                todo.append(current._meta.get_field(name).related_model)
    return found


def _restored_comment(version: Version) -> str:
    saved_at = timezone.localtime(version.revision.date_created)
    return gettext("Restored the version of %(date)s") % {
        "date": date_format(saved_at, "DATETIME_FORMAT")
    }
