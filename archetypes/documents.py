"""How an archetype reads: what its page and its PDF show, and the checklist of its active
ingredients that the description form offers to writers of the same intervention type.

The PDF is the page's document set for paper by wwidw/pdf.py, like a description's.
"""

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Case, Exists, OuterRef, Prefetch, Value, When
from django.template.loader import render_to_string

from archetypes import choices, figures
from archetypes.confrontation import confront
from archetypes.models import ActiveIngredient, Archetype, ArchetypeIntervention, Reference
from interventions.models import Intervention

ROLE_ORDER = Case(
    *(When(role=role, then=Value(index)) for index, role in enumerate(choices.ExampleRole)),
    default=Value(len(choices.ExampleRole)),
)


# Everything the document shows of the archetype itself.
READABLE = [
    "themes",
    "curators",
    Prefetch("references", queryset=Reference.objects.order_by("authors", "year", "pk")),
    Prefetch(
        "active_ingredients",
        queryset=ActiveIngredient.objects.order_by("position", "pk").prefetch_related(
            Prefetch("references", queryset=Reference.objects.order_by("authors", "year"))
        ),
    ),
]


def readable(queryset: models.QuerySet) -> models.QuerySet:
    """Everything the document shows of the archetype itself, in a fixed number of queries."""
    return queryset.select_related("intervention_type").prefetch_related(*READABLE)


def practice_examples(archetype: Archetype, *, user) -> list[ArchetypeIntervention]:
    """The linked descriptions the user may read: exemplary ones first, then by role."""
    links = ArchetypeIntervention.objects.filter(
        archetype=archetype, intervention__in=Intervention.objects.visible_to(user)
    )
    return list(
        links.select_related("intervention__organisation").order_by(
            "-is_exemplary", ROLE_ORDER, "intervention__title", "pk"
        )
    )


def theme_sessions(archetype: Archetype) -> list[str]:
    """The theme sessions the active ingredients come from, in order of first mention."""
    notes = [ingredient.session_note for ingredient in archetype.active_ingredients.all()]
    return list(dict.fromkeys(note for note in notes if note))


def document(archetype: Archetype, *, user) -> dict:
    """The context of the page and the PDF; `archetype` comes from `readable()`."""
    return {
        "archetype": archetype,
        "confrontation": confront(archetype),
        "examples": practice_examples(archetype, user=user),
        "figures": figures.archetype_figures(archetype),
        "sessions": theme_sessions(archetype),
    }


def render_archetype_html(archetype: Archetype, *, user, request=None) -> str:
    context = document(archetype, user=user)
    return render_to_string("archetypes/archetype_pdf.html", context, request=request)


@dataclass(frozen=True)
class Checklist:
    """The active ingredients of a published archetype, for writers of a description of its
    intervention type; `is_shown` when that type is chosen, `ticked` the ingredient pks the
    description applies."""

    archetype: Archetype
    ingredients: list[ActiveIngredient]
    is_shown: bool
    ticked: frozenset[int] = frozenset()


def checklists(
    chosen_type_ids: set[int],
    *,
    intervention: Intervention | None = None,
    posted: Iterable[str] | None = None,
) -> list[Checklist]:
    """Every published archetype with active ingredients, in one query. The form shows those
    of the chosen types and shows or hides the others as the writer changes the types.

    The ticks are the `posted` ones when a sent form comes back (nothing typed is lost), else
    those saved for `intervention` (services.save_checklist).
    """
    ingredients = (
        ActiveIngredient.objects.filter(archetype__status=choices.Status.PUBLISHED)
        .select_related("archetype")
        .order_by("archetype__title", "archetype_id", "-is_essential", "position", "pk")
    )
    if posted is None and intervention is not None and intervention.pk:
        applies = ActiveIngredient.applied_in.through.objects.filter(
            activeingredient=OuterRef("pk"), intervention=intervention.pk
        )
        ingredients = ingredients.annotate(is_ticked=Exists(applies))
    ingredients = list(ingredients)
    if posted is None:
        ticked = frozenset(item.pk for item in ingredients if getattr(item, "is_ticked", False))
    else:
        ticked = frozenset(int(value) for value in posted if str(value).isdigit())
    return [
        Checklist(
            archetype=archetype,
            ingredients=list(group),
            is_shown=archetype.intervention_type_id in chosen_type_ids,
            ticked=ticked,
        )
        for archetype, group in itertools.groupby(ingredients, key=lambda item: item.archetype)
    ]
