"""Following a type, a theme, an archetype or a description, and whether the weekly e-mail
about it comes: the writes. Views find the target among what the member may see first."""

from django.core.validators import slug_re
from django.db import models, transaction

from archetypes.models import Archetype
from conversation.models import DigestSubscription, Follow, followed_by
from interventions.models import Intervention, InterventionType, Theme
from wwidw.models import User

# The model of a target → its field on Follow.
TARGET_FIELDS = {
    InterventionType: "intervention_type",
    Theme: "theme",
    Archetype: "archetype",
    Intervention: "intervention",
}


def target_field(target: models.Model) -> str:
    return TARGET_FIELDS[type(target)]


@transaction.atomic
def follow(*, user: User, target: models.Model) -> Follow:
    """Follow `target` (again: nothing changes); the weekly e-mail is on unless turned off."""
    followed, _created = Follow.objects.get_or_create(user=user, **{target_field(target): target})
    DigestSubscription.objects.get_or_create(user=user)
    return followed


def unfollow(*, user: User, target: models.Model) -> None:
    Follow.objects.filter(user=user, **{target_field(target): target}).delete()


def unfollow_by_id(*, user: User, follow_id: int) -> None:
    """Stop a follow of the member's own, also one whose target they may no longer see."""
    Follow.objects.filter(user=user, pk=follow_id).delete()


def set_weekly_digest(*, user: User, weekly: bool) -> DigestSubscription:
    subscription, _created = DigestSubscription.objects.update_or_create(
        user=user, defaults={"weekly": weekly}
    )
    return subscription


# The knowledge base's filters that show one subject: parameter → (model, target field).
LIST_SUBJECTS = {"type": InterventionType, "thema": Theme}
# Parameters that change how the list shows, not what it holds, and the status it shows by
# default (the form sends it along).
LIST_LAYOUT_PARAMETERS = {"sort", "page"}
DEFAULT_STATUS = Intervention.Status.PUBLISHED


def list_subject(user: User, query) -> InterventionType | Theme | None:
    """The one type or theme that the knowledge base's `query` (request.GET) filters by, with
    no other filter or search, annotated `is_followed`; None for any other list."""
    chosen = {
        name: [value for value in query.getlist(name) if value]
        for name in query
        if name not in LIST_LAYOUT_PARAMETERS
    }
    chosen = {name: values for name, values in chosen.items() if values}
    if chosen.get("status") == [DEFAULT_STATUS]:
        del chosen["status"]
    if len(chosen) != 1:
        return None
    ((name, values),) = chosen.items()
    if name not in LIST_SUBJECTS or len(values) != 1 or not slug_re.match(values[0]):
        return None
    model = LIST_SUBJECTS[name]
    subjects = model.objects.filter(slug=values[0])
    return subjects.annotate(is_followed=followed_by(user, TARGET_FIELDS[model])).first()
