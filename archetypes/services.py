"""Writes of archetypes by the programme staff: every change is a version (django-reversion).
And the one write of the partners: which active ingredients their description applies."""

from collections.abc import Iterable

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from archetypes import choices
from archetypes.models import ActiveIngredient, Archetype, ArchetypeIntervention
from interventions.models import Intervention
from wwidw import permissions
from wwidw.models import User

CHANGE_PERMISSION = "archetypes.change_archetype"


def _check_may_change(by: User) -> None:
    if not by.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied


def _lock(archetype: Archetype) -> Archetype:
    return Archetype.objects.select_for_update().get(pk=archetype.pk)


def _set_status(archetype: Archetype, *, status: str, by: User, comment: str) -> Archetype:
    _check_may_change(by)
    current = _lock(archetype)
    archetype.status = status
    if status == choices.Status.PUBLISHED:
        archetype.published_at = current.published_at or timezone.now()
    with reversion.create_revision(atomic=False):
        archetype.save(update_fields=["status", "published_at", "updated_at"])
        reversion.set_user(by)
        reversion.set_comment(comment)
    return archetype


@transaction.atomic
def publish_archetype(*, archetype: Archetype, by: User) -> Archetype:
    """Make the archetype readable for every account; the first publication date is kept."""
    return _set_status(archetype, status=choices.Status.PUBLISHED, by=by, comment=_("Published"))


@transaction.atomic
def unpublish_archetype(*, archetype: Archetype, by: User) -> Archetype:
    """Take the archetype back to draft: only the programme staff see it again."""
    return _set_status(archetype, status=choices.Status.CONCEPT, by=by, comment=_("Back to draft"))


@transaction.atomic
def link_interventions(
    *, archetype: Archetype, interventions: Iterable[Intervention], by: User
) -> list[ArchetypeIntervention]:
    """Link descriptions to the archetype as typical practice examples, as one new version.

    Descriptions already linked are skipped; returns the links made.
    """
    _check_may_change(by)
    archetype = _lock(archetype)
    linked = set(archetype.links.values_list("intervention_id", flat=True))
    new = {item.pk: item for item in interventions if item.pk not in linked}
    if not new:
        return []
    with reversion.create_revision(atomic=False):
        links = ArchetypeIntervention.objects.bulk_create(
            ArchetypeIntervention(archetype=archetype, intervention=item) for item in new.values()
        )
        # Saved after the links, so the archetype's version follows them.
        archetype.save(update_fields=["updated_at"])
        reversion.set_user(by)
        reversion.set_comment(
            ngettext(
                "Linked %(count)d practice example",
                "Linked %(count)d practice examples",
                len(links),
            )
            % {"count": len(links)}
        )
    return links


@transaction.atomic
def save_checklist(
    *, intervention: Intervention, ingredient_ids: Iterable[str | int], by: User
) -> set[int]:
    """Store the ticks of the description form's checklist: the active ingredients of the
    archetypes the description applies (`ActiveIngredient.applied_in`). Returns the ticked pks.

    The checklist shows the published archetypes of the description's saved intervention
    types, so only their ingredients can be ticked; other posted ids are ignored. The ticks of
    a published archetype whose type the description no longer has are removed with the rest
    of that checklist; those of an archetype taken back to draft stay until it returns.
    """
    if not permissions.can_change(by, intervention):
        raise PermissionDenied
    published = ActiveIngredient.objects.filter(archetype__status=choices.Status.PUBLISHED)
    types = intervention.intervention_types.all()
    shown = published.filter(archetype__intervention_type__in=types)
    # A primary key has at most 18 digits; anything else posted is not one.
    posted = {
        int(value) for value in map(str, ingredient_ids) if value.isdigit() and len(value) < 19
    }
    ticked = set(shown.filter(pk__in=posted).values_list("pk", flat=True))
    applied = ActiveIngredient.applied_in.through.objects.filter(intervention=intervention)
    applied.filter(activeingredient__in=published).exclude(activeingredient__in=ticked).delete()
    intervention.applied_archetype_ingredients.add(*ticked)
    return ticked
