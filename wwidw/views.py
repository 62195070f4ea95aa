from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from wwidw import permissions
from wwidw.models import Membership, Organisation

HOME_SECTIONS = [
    {
        "label": _("Knowledge base"),
        "url_name": "interventions:list",
        "description": _(
            "Descriptions of neighbourhood interventions in the shared format: problem, goals, "
            "approach, active ingredients, costs and results."
        ),
    },
    {
        "label": _("Archetypes"),
        "url_name": "archetypes:list",
        "description": _(
            "Syntheses of many interventions of one type, with their active ingredients and "
            "research evidence."
        ),
    },
    {
        "label": _("Sessions"),
        "url_name": "events:list",
        "description": _(
            'Theme sessions "What works in …" where professionals define the active ingredients '
            "of one type of intervention together."
        ),
    },
]


def home(request):
    organisations = Organisation.objects.of_member(request.user).order_by("name")
    context = {"organisations": organisations, "sections": HOME_SECTIONS}
    return render(request, "wwidw/home.html", context)


@login_required
def my_organisation(request):
    organisation = Organisation.objects.of_member(request.user).order_by("name").first()
    if organisation is None:
        return render(request, "wwidw/no_organisation.html")
    return redirect(organisation)


@login_required
def organisation_dashboard(request, slug):
    organisation = get_object_or_404(Organisation.objects.of_member(request.user), slug=slug)
    context = {
        "organisation": organisation,
        "own_organisations": Organisation.objects.of_member(request.user).order_by("name"),
        "counts": Membership.objects.filter(organisation=organisation).role_counts(),
        "can_manage": permissions.can_manage_organisation(request.user, organisation),
    }
    return render(request, "wwidw/organisation_dashboard.html", context)


@login_required
def organisation_members(request, slug):
    organisation = get_object_or_404(Organisation.objects.of_member(request.user), slug=slug)
    if not permissions.can_manage_organisation(request.user, organisation):
        raise PermissionDenied
    memberships = (
        Membership.objects.visible_to(request.user)
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "user__full_name")  # managers first
    )
    context = {"organisation": organisation, "memberships": memberships}
    return render(request, "wwidw/organisation_members.html", context)
