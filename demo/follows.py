"""Demo follows: a few demo people follow a type, a theme, an archetype and a description of
another partner, so their start page shows what is new there (the upcoming sessions and the
archetypes of the demo are; the descriptions are spread over past years) and the weekly digest
has something to send.

Deterministic and safe to repeat: a follow that exists is left alone. Nothing is e-mailed.
"""

from archetypes.models import Archetype
from conversation.models import DigestSubscription, Follow
from interventions.models import Intervention, InterventionType, Theme
from wwidw.models import User

# (e-mail address, what: "type", "theme", "archetype" or "description", its slug; for a
# description the slug of a type: the first description of it shared by another partner).
FOLLOWS = [
    ("youssef@maasoever.example", "type", "huismeester-complexbeheerder"),
    ("youssef@maasoever.example", "theme", "leefbaarheid"),
    ("youssef@maasoever.example", "archetype", "huismeester-complexbeheerder"),
    ("youssef@maasoever.example", "description", "huismeester-complexbeheerder"),
    ("annemieke@maasoever.example", "type", "vroeg-eropaf-huurachterstand"),
    ("annemieke@maasoever.example", "archetype", "vroeg-eropaf-huurachterstand"),
    ("fatma@amstelkring.example", "type", "verkoop-huurwoningen"),
    ("fatma@amstelkring.example", "theme", "wonen"),
    ("programmabureau@wwidw.example", "type", "sloop-en-nieuwbouw-herstructurering"),
]


def _target(user: User, what: str, slug: str):
    if what == "type":
        return {"intervention_type": InterventionType.objects.filter(slug=slug).first()}
    if what == "theme":
        return {"theme": Theme.objects.filter(slug=slug).first()}
    if what == "archetype":
        return {"archetype": Archetype.objects.filter(slug=slug).first()}
    shared = (
        Intervention.objects.visible_to(user)
        .published()
        .filter(intervention_types__slug=slug)
        .exclude(organisation__memberships__user=user)
        .order_by("title", "pk")
    )
    return {"intervention": shared.first()}


def seed_follows() -> int:
    """Create the demo follows that do not exist yet; return how many were created."""
    users = {user.email: user for user in User.objects.filter(email__in=[f[0] for f in FOLLOWS])}
    created = 0
    for email, what, slug in FOLLOWS:
        user = users.get(email)
        if user is None:
            continue
        target = _target(user, what, slug)
        if None in target.values():
            continue
        _follow, is_new = Follow.objects.get_or_create(user=user, **target)
        DigestSubscription.objects.get_or_create(user=user)
        created += is_new
    return created
