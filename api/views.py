"""The API keys of an organisation, for its managers: create (the token shown once), see and
revoke. Members who are not managers get 403; another organisation is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from api import services
from api.forms import ApiKeyForm
from api.models import ApiKey
from wwidw import permissions
from wwidw.models import Organisation


def _managed(request, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation.objects.of_member(request.user), slug=slug)
    if not permissions.can_manage_organisation(request.user, organisation):
        raise PermissionDenied
    return organisation


def _render_list(request, organisation: Organisation, form: ApiKeyForm, **extra):
    keys = (
        ApiKey.objects.managed_by(request.user)
        .filter(organisation=organisation)
        .order_by("revoked_at", "-created_at", "-pk")  # active keys first, newest first
    )
    context = {"organisation": organisation, "keys": keys, "form": form, **extra}
    status = 400 if form.errors else 200
    return render(request, "api/apikey_list.html", context, status=status)


@login_required
def apikey_list(request, slug: str):
    """The list and the form for a new key. A new key's token is shown in the answer to the
    POST itself, once: it is never stored, not even in the session for a redirect."""
    organisation = _managed(request, slug)
    form = ApiKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key, token = services.create_api_key(
            organisation=organisation, name=form.cleaned_data["name"], by=request.user
        )
        return _render_list(request, organisation, ApiKeyForm(), new_key=key, token=token)
    return _render_list(request, organisation, form)


@require_POST
@login_required
def apikey_revoke(request, slug: str, pk: int):
    organisation = _managed(request, slug)
    keys = ApiKey.objects.managed_by(request.user).filter(organisation=organisation)
    key = get_object_or_404(keys, pk=pk)
    services.revoke_api_key(key=key, by=request.user)
    messages.success(
        request, _("The key “%(name)s” is revoked: it no longer works.") % {"name": key.name}
    )
    return redirect(reverse("api_keys:list", kwargs={"slug": organisation.slug}))
