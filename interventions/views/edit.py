"""Writing descriptions: the form of the seven steps, status changes and the report file."""

from collections import Counter
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from reversion.models import Version

from archetypes import documents as archetype_documents
from archetypes import services as archetype_services
from interventions import completeness, services
from interventions.forms import (
    InterventionForm,
    build_formsets,
    formset_differences,
    sections_with_errors,
)
from interventions.models import Intervention
from interventions.sections import SECTIONS
from interventions.views import drafts
from wwidw.models import Organisation
from wwidw.text import single_line

FORM_TEMPLATE = "interventions/intervention_form.html"
# The ticks of the archetypes' checklists (templates/archetypes/ingredient_checklist.html).
CHECKLIST_FIELD = "archetype_ingredients"
# What a conflict compares: the lists of the form and the repeating parts.
CONFLICT_PREFETCH = [
    "intervention_types",
    "themes",
    "target_groups",
    "theory_steps",
    "intended_effects__effect",
    "activities",
    "partners",
    "active_ingredients",
]


@login_required
def intervention_create(request):
    organisations = Organisation.objects.of_member(request.user).order_by("name")
    first = organisations.first()
    if first is None:
        return render(request, FORM_TEMPLATE, {"no_organisation": True}, status=403)
    # The author is the contact person of a new description, unless they choose another.
    return _edit(request, Intervention(organisation=first, contact=request.user), organisations)


@login_required
def intervention_update(request, pk):
    editable = (
        Intervention.objects.editable_by(request.user)
        .with_form_draft(request.user)
        .select_related("organisation")
    )
    intervention = get_object_or_404(
        editable.prefetch_related("intervention_types", "themes", "target_groups"), pk=pk
    )
    return _edit(request, intervention)


def _edit(request, intervention, organisations=None):
    saved_state = completeness.check(intervention)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = InterventionForm(data, files, instance=intervention, organisations=organisations)
    formsets = build_formsets(intervention, data, files)
    if data is None:
        return _render_form(request, form, formsets, saved_state)
    if _all_valid(form, formsets):
        is_new = intervention.pk is None
        try:
            intervention = _save(request, form, formsets)
        except services.EditConflictError as conflict:
            return _render_conflict(request, form, formsets, conflict.current.pk)
        drafts.forget_draft(request, None if is_new else intervention)
        messages.success(request, _("Saved."))
        return redirect("interventions:update", pk=intervention.pk)
    form.note_unsaved_upload()
    errors = sections_with_errors(form, formsets)
    return _render_form(request, form, formsets, saved_state, errors=errors, not_saved=True)


@transaction.atomic
def _save(request, form, formsets) -> Intervention:
    """The description with its lists and formsets, and the ticks of the archetypes'
    checklists (archetypes may not be imported by the interventions services), at once."""
    intervention = services.save_intervention(
        intervention=form.save(commit=False),
        tags=_tags(form),
        formsets=list(formsets.values()),
        by=request.user,
        expected_revision=form.cleaned_data["opened_revision"],
    )
    archetype_services.save_checklist(
        intervention=intervention,
        ingredient_ids=request.POST.getlist(CHECKLIST_FIELD),
        by=request.user,
    )
    return intervention


def _tags(form) -> dict:
    """The description's many-to-many choices (types, themes, target groups) in the form."""
    return {
        field.name: form.cleaned_data[field.name]
        for field in Intervention._meta.many_to_many
        if field.name in form.cleaned_data
    }


def _all_valid(form, formsets) -> bool:
    # Validate everything, so every error shows at once.
    results = [form.is_valid()] + [formset.is_valid() for formset in formsets.values()]
    return all(results)


def _render_conflict(request, form, formsets, pk):
    current = Intervention.objects.prefetch_related(*CONFLICT_PREFETCH).get(pk=pk)
    version = Version.objects.get_for_object(current).select_related("revision__user").first()
    form.carry_revision(current.revision)
    form.note_unsaved_upload()
    revision = version.revision if version else None
    conflict = {
        "name": revision.user.get_full_name() if revision and revision.user else _("Someone"),
        "saved_at": revision.date_created if revision else current.updated_at,
        "differences": form.differences_from(current) + formset_differences(formsets, current),
    }
    state = completeness.check(current)
    return _render_form(request, form, formsets, state, conflict=conflict)


def _render_form(request, form, formsets, state, errors=(), **extra):
    missing, share = state
    per_section = Counter(item.section.key for item in missing)
    context = {
        "form": form,
        "formsets": formsets,
        "intervention": form.instance,
        "missing": missing,
        "share": share,
        "sections": [
            (section, per_section[section.key], section.key in errors) for section in SECTIONS
        ],
        "archetype_checklists": archetype_documents.checklists(
            _chosen_type_ids(form),
            intervention=form.instance,
            posted=request.POST.getlist(CHECKLIST_FIELD) if form.is_bound else None,
        ),
        # Unsaved work of an earlier visit, offered on a form opened anew (views/drafts.py).
        "form_draft": None if form.is_bound else drafts.offered_draft(request, form.instance),
        "saved_draft_key": drafts.saved_draft_key(request),
        **extra,
    }
    return render(request, FORM_TEMPLATE, context)


def _chosen_type_ids(form) -> set[int]:
    """The intervention types ticked in the form: as saved, or as just sent."""
    chosen = form["intervention_types"].value() or []
    ids = {str(getattr(item, "pk", item)) for item in chosen}
    return {int(value) for value in ids if value.isdigit()}


@login_required
@require_POST
def intervention_publish(request, pk):
    intervention = get_object_or_404(Intervention.objects.editable_by(request.user), pk=pk)
    try:
        services.publish_intervention(intervention=intervention, by=request.user)
    except ValidationError:
        intervention = Intervention.objects.get(pk=pk)
        form = InterventionForm(instance=intervention)
        state = completeness.check(intervention)
        formsets = build_formsets(intervention)
        return _render_form(request, form, formsets, state, publish_failed=True)
    messages.success(request, _("Published. Readers now see this version of the description."))
    return _redirect_back(request, intervention)


@login_required
@require_POST
def intervention_unpublish(request, pk):
    message = _("The description is a draft again; only your organisation sees it.")
    return _change_status(request, pk, services.unpublish_intervention, message)


@login_required
@require_POST
def intervention_archive(request, pk):
    message = _("Archived. Nothing is deleted; you can bring the description back at any time.")
    return _change_status(request, pk, services.archive_intervention, message)


@login_required
@require_POST
def intervention_unarchive(request, pk):
    message = _("The description is back from the archive.")
    return _change_status(request, pk, services.unarchive_intervention, message)


def _change_status(request, pk, service, message):
    intervention = get_object_or_404(Intervention.objects.editable_by(request.user), pk=pk)
    service(intervention=intervention, by=request.user)
    messages.success(request, message)
    return _redirect_back(request, intervention)


def _redirect_back(request, intervention):
    """Back to the page the button was on (`next`), else to the edit page."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("interventions:update", pk=intervention.pk)


@login_required
def intervention_report(request, pk):
    """The uploaded evaluation report, for everyone who may read the description."""
    intervention = get_object_or_404(
        Intervention.objects.visible_to(request.user).exclude(report_file=""), pk=pk
    )
    try:
        report = intervention.report_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = intervention.report_filename or PurePath(intervention.report_file.name).name
    filename = single_line(filename)  # a name stored long ago may hold a line break
    return FileResponse(report, as_attachment=True, filename=filename)
