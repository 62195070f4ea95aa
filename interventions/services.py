"""Writes of intervention descriptions: every save is a version (django-reversion)."""

import reversion
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Value
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reversion.models import Version

from interventions import choices, completeness
from interventions.models import SEARCH_CONFIG, Intervention
from wwidw import permissions

# Text sections that are searched with the lowest weight (title A, summary and keywords B).
SEARCHED_SECTIONS = [
    "occasion",
    "problem_analysis",
    "causes",
    "baseline",
    "null_alternative",
    "target_group_note",
    "main_goal",
    "approach",
    "preconditions",
    "risks",
    "results",
    "lessons",
    "dos",
    "donts",
    "municipality",
    "neighbourhood",
    "location",
]


class EditConflictError(Exception):
    """Someone else saved the description after this person opened it."""

    def __init__(self, current: Intervention):
        super().__init__("edit conflict")
        self.current = current


def _sections_text(intervention: Intervention) -> str:
    parts = [getattr(intervention, name) for name in SEARCHED_SECTIONS]
    for step in intervention.theory_steps.all():
        parts += [step.if_text, step.then_text, step.because_text]
    for ingredient in intervention.active_ingredients.all():
        parts += [ingredient.name, ingredient.explanation]
    for activity in intervention.activities.all():
        parts += [activity.name, activity.description]
    parts += [str(item) for item in intervention.intervention_types.all()]
    parts += [str(item) for item in intervention.target_groups.all()]
    return "\n".join(part for part in parts if part)


def effects_text(intervention: Intervention, links=None) -> str:
    """The intended effects as searched: "LB.01 LB01 Schonere buurt", one line each.

    The Dutch parser reads "LB.01" as one word, as in a query; "LB01" is found as well.
    Migration interventions 0007 wrote the same text into existing search vectors in SQL.
    `links`: the intended effects with their effects, when already read.
    """
    if links is None:
        links = intervention.intended_effects.select_related("effect").order_by("effect__code")
    else:
        links = sorted(links, key=lambda link: link.effect.code)
    return "\n".join(
        f"{link.effect.code} {link.effect.code.replace('.', '')} {link.effect.name}"
        for link in links
    )


def search_vector(intervention: Intervention, effect_links=None):
    """The description's search vector, as an expression to store (`effect_links`: see
    effects_text)."""
    return (
        SearchVector(Value(intervention.title), config=SEARCH_CONFIG, weight="A")
        + SearchVector(
            Value(f"{intervention.summary}\n{intervention.keywords}"),
            config=SEARCH_CONFIG,
            weight="B",
        )
        + SearchVector(Value(_sections_text(intervention)), config=SEARCH_CONFIG, weight="C")
        + SearchVector(
            Value(effects_text(intervention, effect_links)), config=SEARCH_CONFIG, weight="B"
        )
    )


def refresh_derived_fields(intervention: Intervention) -> None:
    """Recompute the stored search vector and completeness after a change."""
    vector = search_vector(intervention)
    _, share = completeness.check(intervention)
    Intervention.objects.filter(pk=intervention.pk).update(
        search_vector=vector, completeness=share
    )
    intervention.completeness = share


def _lock_current(intervention: Intervention, expected_revision: int | None) -> None:
    current = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if expected_revision is not None and current.revision != expected_revision:
        raise EditConflictError(current)
    intervention.revision = current.revision + 1


@transaction.atomic
def save_intervention(
    *,
    intervention: Intervention,
    by,
    tags: dict | None = None,
    formsets=(),
    expected_revision: int | None = None,
    comment: str = "",
) -> Intervention:
    """Save a description a form filled, its many-to-many choices (`tags`: field name →
    values) and its child formsets as one new version.

    `expected_revision` is the revision the person started editing from; when someone else
    saved in between, EditConflictError is raised and nothing is written.
    """
    is_new = intervention.pk is None
    if is_new:
        intervention.created_by = by
    else:
        if not permissions.can_change(by, intervention):
            raise PermissionDenied
        _lock_current(intervention, expected_revision)
    with reversion.create_revision(atomic=False):
        intervention.save()
        for name, values in (tags or {}).items():
            getattr(intervention, name).set(values)
        for formset in formsets:
            formset.instance = intervention
            formset.save()
        intervention.authors.add(by)
        reversion.set_user(by)
        reversion.set_comment(comment or (_("Created") if is_new else _("Saved")))
    refresh_derived_fields(intervention)
    return intervention


def _set_status(intervention: Intervention, *, status: str, by, comment: str) -> Intervention:
    if not permissions.can_change(by, intervention):
        raise PermissionDenied
    _lock_current(intervention, None)
    intervention.status = status
    with reversion.create_revision(atomic=False):
        intervention.save()
        reversion.set_user(by)
        reversion.set_comment(comment)
    return intervention


@transaction.atomic
def publish_intervention(*, intervention: Intervention, by) -> Intervention:
    """Publish a complete description; a ValidationError lists what is missing."""
    missing, _share = completeness.check(intervention)
    if missing:
        raise ValidationError(
            [
                _("%(section)s: %(item)s") % {"section": item.section.title, "item": item.label}
                for item in missing
            ]
        )
    intervention.published_at = intervention.published_at or timezone.now()
    return _set_status(
        intervention, status=choices.Status.PUBLISHED, by=by, comment=_("Published")
    )


@transaction.atomic
def unpublish_intervention(*, intervention: Intervention, by) -> Intervention:
    return _set_status(
        intervention, status=choices.Status.CONCEPT, by=by, comment=_("Back to draft")
    )


@transaction.atomic
def archive_intervention(*, intervention: Intervention, by) -> Intervention:
    return _set_status(intervention, status=choices.Status.ARCHIVED, by=by, comment=_("Archived"))


@transaction.atomic
def unarchive_intervention(*, intervention: Intervention, by) -> Intervention:
    """Bring an archived description back: published again if it was, else a draft."""
    missing, _share = completeness.check(intervention)
    was_published = intervention.published_at is not None and not missing
    status = choices.Status.PUBLISHED if was_published else choices.Status.CONCEPT
    return _set_status(intervention, status=status, by=by, comment=_("Brought back from archive"))


@transaction.atomic
def restore_version(*, intervention: Intervention, version: Version, by) -> Intervention:
    """Bring back the text of an old version as a new version; status and owner stay as they are.

    The old version's repeating parts (theory of change, partners, …) replace the current ones.
    """
    if not permissions.can_change(by, intervention) or version.object_id != str(intervention.pk):
        raise PermissionDenied
    _lock_current(intervention, None)
    kept = {
        "status": intervention.status,
        "visibility": intervention.visibility,
        "published_at": intervention.published_at,
        "revision": intervention.revision,
    }
    with reversion.create_revision(atomic=False):
        version.revision.revert(delete=True)
        restored = Intervention.objects.get(pk=intervention.pk)
        for name, value in kept.items():
            setattr(restored, name, value)
        if restored.is_published and completeness.check(restored)[0]:
            restored.status = choices.Status.CONCEPT
        restored.save()
        reversion.set_user(by)
        reversion.set_comment(
            _("Restored the version of %(date)s")
            % {
                "date": date_format(
                    timezone.localtime(version.revision.date_created), "DATETIME_FORMAT"
                )
            }
        )
    refresh_derived_fields(restored)
    return restored
