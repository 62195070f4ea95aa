"""Following: the button on a description, an archetype, a type and a theme; "Wat ik volg"
with the weekly e-mail; and the e-mail's unsubscribe link, which needs no login."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from archetypes.models import Archetype
from conversation import digest, following
from conversation.models import DigestSubscription, Follow
from interventions.models import Intervention, InterventionType, Theme
from wwidw import two_factor


def _target(request, field: str, key: str):
    """The thing to follow, among what the reader may see: a 404 otherwise."""
    if field == "intervention":
        return get_object_or_404(Intervention.objects.visible_to(request.user), pk=key)
    if field == "archetype":
        return get_object_or_404(Archetype.objects.visible_to(request.user), slug=key)
    model = InterventionType if field == "intervention_type" else Theme
    return get_object_or_404(model, slug=key)


def _page_of(target) -> str:
    if isinstance(target, InterventionType):
        return f"{reverse('interventions:list')}?type={target.slug}"
    if isinstance(target, Theme):
        return f"{reverse('interventions:list')}?thema={target.slug}"
    return target.get_absolute_url()


@require_POST
@login_required
def follow_change(request, field: str, key: str):
    target = _target(request, field, key)
    values = {"name": str(target)}
    if request.POST.get("action") == "unfollow":
        following.unfollow(user=request.user, target=target)
        messages.success(request, _("You no longer follow “%(name)s”.") % values)
    else:
        following.follow(user=request.user, target=target)
        messages.success(
            request,
            _("You follow “%(name)s”. What is new there shows on your start page.") % values,
        )
    return redirect(two_factor.safe_next(request, request.POST.get("next", ""), _page_of(target)))


@dataclass(frozen=True)
class FollowRow:
    pk: int
    kind: str
    name: str
    url: str


def _rows(request) -> list[FollowRow]:
    """The reader's follows, in one query; a description or archetype they may no longer see
    is named only as such."""
    user = request.user
    visible_interventions = Intervention.objects.visible_to(user).filter(
        pk=OuterRef("intervention")
    )
    visible_archetypes = Archetype.objects.visible_to(user).filter(pk=OuterRef("archetype"))
    follows = (
        Follow.objects.of(user)
        .select_related("intervention_type", "theme", "archetype", "intervention")
        .only(
            "pk",
            "created_at",
            "intervention_type__name",
            "intervention_type__slug",
            "theme__name",
            "theme__slug",
            "archetype__title",
            "archetype__slug",
            "intervention__title",
        )
        .annotate(
            intervention_visible=Exists(visible_interventions),
            archetype_visible=Exists(visible_archetypes),
        )
        .order_by("-created_at", "-pk")
    )
    return [_row(follow) for follow in follows]


def _row(follow: Follow) -> FollowRow:
    if follow.intervention_type_id:
        kind, target = _("Intervention type"), follow.intervention_type
    elif follow.theme_id:
        kind, target = _("Theme"), follow.theme
    elif follow.archetype_id:
        if not follow.archetype_visible:
            return FollowRow(follow.pk, _("Archetype"), _("An archetype you cannot see"), "")
        kind, target = _("Archetype"), follow.archetype
    else:
        if not follow.intervention_visible:
            name = _("A description you can no longer see")
            return FollowRow(follow.pk, pgettext("followed", "Description"), name, "")
        kind, target = pgettext("followed", "Description"), follow.intervention
    return FollowRow(follow.pk, kind, str(target), _page_of(target))


@require_safe
@login_required
def follow_list(request):
    subscription = DigestSubscription.objects.filter(user=request.user).first()
    context = {
        "rows": _rows(request),
        "weekly": subscription.weekly if subscription else True,
    }
    return render(request, "conversation/follow_list.html", context)


@require_POST
@login_required
def follow_remove(request, pk: int):
    following.unfollow_by_id(user=request.user, follow_id=pk)
    messages.success(request, _("You no longer follow it."))
    return redirect("follows:list")


@require_POST
@login_required
def digest_settings(request):
    weekly = request.POST.get("weekly") == "on"
    following.set_weekly_digest(user=request.user, weekly=weekly)
    if weekly:
        messages.success(request, _("You get an e-mail each week with what is new."))
    else:
        messages.success(request, _("You no longer get the weekly e-mail."))
    return redirect("follows:list")


# The mail's signed link: no login, and a mail program's one-click POST (RFC 8058) carries no
# CSRF token; the signature is what proves the link came from us.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    member = digest.member_of_token(token)
    if member is None:
        return render(request, "conversation/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        following.set_weekly_digest(user=member, weekly=False)
        return render(request, "conversation/unsubscribe_done.html", {"member": member})
    context = {"member": member, "token": token}
    return render(request, "conversation/unsubscribe_confirm.html", context)
