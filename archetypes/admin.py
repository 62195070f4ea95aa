from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from archetypes import choices, services
from archetypes.models import (
    ActiveIngredient,
    Archetype,
    ArchetypeIntervention,
    EffectVerdict,
    Reference,
)
from interventions.admin import visible_interventions
from monitoring.models import StandardIndicator
from wwidw import admin_base


class ActiveIngredientInline(admin_base.StackedInline):
    model = ActiveIngredient
    extra = 0
    ordering = ["position", "pk"]
    fields = [
        ("position", "name"),
        "description",
        ("is_essential", "support"),
        "session_note",
        "references",
    ]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})},
        models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
    }

    def get_formset(self, request, obj=None, **kwargs):
        # An ingredient cites the references of its own archetype; a new archetype has none yet.
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["references"]
        references = obj.references.all() if obj else Reference.objects.none()
        field.queryset = references.order_by("authors", "year")
        field.help_text = _("The references of this archetype; save new references first.")
        return formset


class ReferenceInline(admin_base.StackedInline):
    model = Reference
    extra = 0
    ordering = ["authors", "year"]
    fields = [
        ("authors", "year"),
        "title",
        "publisher",
        ("doi", "url"),
        ("design", "direction", "strength"),
        "finding",
    ]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}


class ArchetypeInterventionInline(admin_base.TabularInline):
    model = ArchetypeIntervention
    extra = 0
    fields = ["intervention", "role", "is_exemplary", "remark"]
    autocomplete_fields = ["intervention"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}

    # The practice examples the user may read on the site; the others stay linked, unseen.
    def get_queryset(self, request):
        links = super().get_queryset(request).select_related("intervention")
        if request.user.is_superuser:
            return links
        return links.filter(intervention__in=visible_interventions(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "intervention":
            kwargs["queryset"] = visible_interventions(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class EffectVerdictForm(forms.ModelForm):
    """Shows the choices the inline read once for all rows; validation still asks the
    querysets, so a value outside them is refused."""

    shared_choices: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, shown in self.shared_choices.items():
            self.fields[name].choices = shown


class EffectVerdictInline(admin_base.StackedInline):
    """What research says per intended effect, carried by the archetype's own references."""

    model = EffectVerdict
    form = EffectVerdictForm
    extra = 0
    fields = [("effect", "rating"), "note", "references"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})},
        models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
    }

    def get_queryset(self, request):
        verdicts = super().get_queryset(request).select_related("effect")
        return verdicts.prefetch_related("references").order_by("effect__code")

    def get_formset(self, request, obj=None, **kwargs):
        # Only the references of this archetype carry its verdicts; a new one has none yet.
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["references"]
        references = obj.references.all() if obj else Reference.objects.none()
        field.queryset = references.order_by("authors", "year", "pk")
        field.help_text = _("The references of this archetype; save new references first.")
        # Every row shows the same choices: read them once, not once per row.
        formset.form.shared_choices = {
            name: list(formset.form.base_fields[name].choices) for name in ("effect", "references")
        }
        return formset


class CandidatesForm(forms.Form):
    interventions = forms.ModelMultipleChoiceField(
        queryset=None,
        error_messages={"required": _("Choose at least one description to link.")},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interventions"].queryset = candidates


@admin.register(Archetype)
class ArchetypeAdmin(admin_base.VersionAdmin):
    """The programme staff's workplace for archetypes: the text in DOMAIN.md §7's order, its
    ingredients, references and practice examples, and publishing."""

    list_display = [
        "title",
        "intervention_type",
        "status",
        "verdict",
        "example_count",
        "updated_at",
    ]
    list_filter = [("intervention_type", admin.RelatedOnlyFieldListFilter), "status", "verdict"]
    list_select_related = ["intervention_type"]
    search_fields = ["title", "summary", "intervention_type__name"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["themes"]
    autocomplete_fields = ["intervention_type", "curators"]
    readonly_fields = ["status", "published_at", "created_at", "updated_at"]
    inlines = [
        ActiveIngredientInline,
        ReferenceInline,
        EffectVerdictInline,
        ArchetypeInterventionInline,
    ]
    actions = ["publish", "unpublish", "propose_candidates"]
    view_on_site = False
    change_form_template = "admin/archetypes/archetype/change_form.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "intervention_type", "themes", "summary"]}),
        (_("The problem and for whom"), {"fields": ["problem", "for_whom"]}),
        (_("How it works"), {"fields": ["mechanism"]}),
        (_("Variants and preconditions"), {"fields": ["variants", "preconditions", "risks"]}),
        (
            _("Scientific basis and verdict"),
            {"fields": ["evidence_summary", "verdict", "evidence_level"]},
        ),
        (_("Measuring the effects"), {"fields": ["recommended_indicators"]}),
        (_("Lessons and knowledge gaps"), {"fields": ["lessons", "knowledge_gaps"]}),
        (
            _("Curation"),
            {"fields": ["curators", "status", "published_at", "created_at", "updated_at"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(example_count=Count("links"))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "recommended_indicators":
            # Labelled checkboxes: the filter widget's search icons fail the accessibility check.
            kwargs["queryset"] = StandardIndicator.objects.select_related("effect")
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("practice examples"), ordering="example_count")
    def example_count(self, archetype: Archetype) -> int:
        return archetype.example_count

    def get_urls(self):
        candidates = path(
            "<path:object_id>/kandidaten/",
            self.admin_site.admin_view(self.candidates_view),
            name="archetypes_archetype_candidates",
        )
        # Before the model admin's own "<object_id>/" catch-all.
        return [candidates, *super().get_urls()]

    @admin.action(description=_("Publish"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset) -> None:
        archetypes = queryset.filter(status=choices.Status.CONCEPT)
        for archetype in archetypes:
            services.publish_archetype(archetype=archetype, by=request.user)
        count = len(archetypes)
        self.message_user(
            request,
            ngettext(
                "%(count)d archetype published: every account can read it now.",
                "%(count)d archetypes published: every account can read them now.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Back to draft"), permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset) -> None:
        archetypes = queryset.filter(status=choices.Status.PUBLISHED)
        for archetype in archetypes:
            services.unpublish_archetype(archetype=archetype, by=request.user)
        count = len(archetypes)
        self.message_user(
            request,
            ngettext(
                "%(count)d archetype back to draft: only the programme office sees it now.",
                "%(count)d archetypes back to draft: only the programme office sees them now.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Propose candidates"), permissions=["change"])
    def propose_candidates(self, request: HttpRequest, queryset) -> HttpResponse | None:
        selected = list(queryset[:2])
        if len(selected) != 1:
            self.message_user(
                request,
                gettext("Choose exactly one archetype to propose candidates for."),
                messages.WARNING,
            )
            return None
        return redirect("admin:archetypes_archetype_candidates", selected[0].pk)

    def candidates_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Descriptions of the archetype's type not linked yet; the chosen ones are linked."""
        archetype = self.get_object(request, unquote(object_id))
        if archetype is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, archetype):
            raise PermissionDenied
        candidates = archetype.candidate_interventions()
        data = request.POST if request.method == "POST" else None
        form = CandidatesForm(data, candidates=candidates)
        if request.method == "POST" and form.is_valid():
            chosen = form.cleaned_data["interventions"]
            links = services.link_interventions(
                archetype=archetype, interventions=chosen, by=request.user
            )
            self.message_user(request, _linked_message(archetype, len(links)), messages.SUCCESS)
            return redirect("admin:archetypes_archetype_change", archetype.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Candidates for %(archetype)s") % {"archetype": archetype},
            "original": archetype,
            "candidates": candidates,
            "chosen": {str(pk) for pk in form["interventions"].value() or []},
            "form": form,
            "change_url": reverse("admin:archetypes_archetype_change", args=[archetype.pk]),
        }
        return TemplateResponse(request, "admin/archetypes/archetype/candidates.html", context)


def _linked_message(archetype: Archetype, count: int) -> str:
    return ngettext(
        "%(count)d description linked to %(archetype)s as a typical practice example; "
        "set its role and remark below.",
        "%(count)d descriptions linked to %(archetype)s as typical practice examples; "
        "set their roles and remarks below.",
        count,
    ) % {"count": count, "archetype": archetype}
