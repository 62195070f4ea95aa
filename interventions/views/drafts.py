"""Unsaved work in the description form: the browser keeps a draft of the fields here when the
writer leaves a section (static/js/form_drafts.js), and the form offers it when opened again."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from interventions import drafts
from interventions.models import FormDraft, Intervention
from wwidw.models import Organisation

# The form saved just now: the browser then forgets its own copy of the draft.
SAVED_SESSION_KEY = "form_draft_saved"


@login_required
@require_POST
def draft_save(request, pk=None):
    intervention = _form_of(request, pk)
    form = drafts.FormDraftForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    draft = drafts.save_form_draft(
        user=request.user, intervention=intervention, data=form.cleaned_data["draft"]
    )
    return JsonResponse({"saved_at": draft.saved_at.isoformat()})


@login_required
@require_POST
def draft_discard(request, pk=None):
    intervention = _form_of(request, pk)
    drafts.discard_form_draft(user=request.user, intervention=intervention)
    return HttpResponse(status=204)


def _form_of(request, pk) -> Intervention | None:
    """The description whose form it is (None: a new one), if the user may edit it."""
    if pk is None:
        if not Organisation.objects.of_member(request.user).exists():
            raise PermissionDenied
        return None
    return get_object_or_404(Intervention.objects.editable_by(request.user), pk=pk)


def offered_draft(request, intervention: Intervention) -> dict | None:
    """The user's draft of the form written after the description was saved, for the page:
    as annotated by with_form_draft(), else read."""
    if hasattr(intervention, "form_draft_saved_at"):
        data, saved_at = intervention.form_draft_data, intervention.form_draft_saved_at
    else:
        draft = FormDraft.objects.newer_than_saved(request.user, intervention).first()
        data, saved_at = (draft.data, draft.saved_at) if draft else (None, None)
    if saved_at is None:
        return None
    return {"fields": data, "saved_at": saved_at.isoformat()}


def forget_draft(request, intervention: Intervention | None) -> None:
    """The form was saved: its draft goes, on the server and (on the next page) in the browser."""
    drafts.discard_form_draft(user=request.user, intervention=intervention)
    request.session[SAVED_SESSION_KEY] = str(intervention.pk) if intervention else "new"


def saved_draft_key(request) -> str:
    """The form saved just before this page, whose copy in the browser can go ("new" or pk)."""
    return request.session.pop(SAVED_SESSION_KEY, "")
