from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    is_active: bool


# (label, URL name, the URL namespaces or names that make the item active)
SECTIONS = [
    (_("Knowledge base"), "interventions:list", {"interventions"}),
    (_("Archetypes"), "archetypes:list", {"archetypes"}),
    (_("Sessions"), "events:list", {"events"}),
    (
        _("My organisation"),
        "my_organisation",
        {"my_organisation", "organisation_dashboard", "organisation_members"},
    ),
    # Shown, like "My organisation", to everyone signed in: asking for a membership would cost
    # every page a query; without one the page says there are no rounds.
    (_("Liveability budget"), "budgets:round_list", {"budgets"}),
]


def navigation(request) -> dict:
    """The main navigation, with the current section marked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    match = getattr(request, "resolver_match", None)
    current = {match.namespace, match.url_name} if match else set()
    items = [
        NavItem(label, reverse(url_name), bool(current & active_on))
        for label, url_name, active_on in SECTIONS
    ]
    if user.is_staff:
        items.append(NavItem(_("Administration"), reverse("admin:index"), False))
    return {"nav_items": items}
