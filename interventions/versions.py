"""A description as one of its versions kept it (django-reversion): to show what was decided on.

Every save of a description is a revision with a version of the description and of each of its
repeating parts (models.py registers them). `descriptions_as_saved()` turns versions back into
descriptions that pages, templates and `completeness.check` read as they read a description
from the database.
"""

from collections import defaultdict

from django.db import DEFAULT_DB_ALIAS
from django.db.models import CharField, OuterRef, QuerySet
from django.db.models.functions import Cast
from reversion.models import Version

from interventions.models import Effect, Intervention

# The repeating parts that a version of a description follows (models.py), by related name.
PARTS = ("theory_steps", "active_ingredients", "activities", "partners", "intended_effects")


def versions_of_description(intervention_id: int | OuterRef) -> QuerySet:
    """The versions of one description, newest first; `intervention_id` may be an OuterRef."""
    object_id = (
        Cast(intervention_id, output_field=CharField())
        if isinstance(intervention_id, OuterRef)
        else str(intervention_id)
    )
    # With `db`, the lookup uses reversion's unique index (db, content type, object id, …).
    return Version.objects.filter(
        db=DEFAULT_DB_ALIAS,
        content_type__app_label=Intervention._meta.app_label,
        content_type__model=Intervention._meta.model_name,
        object_id=object_id,
    ).order_by("-pk")


def _instance(model, values: dict):
    instance = model(
        **{
            field.attname: values[field.attname]
            for field in model._meta.concrete_fields
            if field.attname in values
        }
    )
    instance._state.adding = False
    return instance


def _prefetched(instance, name: str, objects: list) -> None:
    """Put `objects` in the instance's prefetch cache of `name`, as prefetch_related does, so
    `instance.<name>.all()` and `.exists()` read them without a query."""
    queryset = getattr(instance, name).all()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    instance._prefetched_objects_cache[name] = queryset


def _parts(versions: list[Version]) -> dict[tuple[int, int], dict[str, list]]:
    """The repeating parts each revision kept, per (revision, description) and related name,
    with their effects (two queries)."""
    models = {Intervention._meta.get_field(name).related_model: name for name in PARTS}
    saved = Version.objects.filter(
        revision_id__in={version.revision_id for version in versions}
    ).select_related("content_type")
    parts: dict[tuple[int, int], dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for version in saved:
        model = version.content_type.model_class()
        if model in models:
            part = _instance(model, version.field_dict)
            parts[version.revision_id, part.intervention_id][models[model]].append(part)
    intended = [part for found in parts.values() for part in found["intended_effects"]]
    effects = Effect.objects.in_bulk({part.effect_id for part in intended})
    for part in intended:
        part.effect = effects[part.effect_id]
    return parts


def _order(name: str, parts: list) -> list:
    """In the order the pages show them: effects by code, the others by position."""
    if name == "intended_effects":
        return sorted(parts, key=lambda part: (part.effect.code, part.pk))
    return sorted(parts, key=lambda part: (getattr(part, "position", 0), part.pk))


def _many_to_many(versions: list[Version]) -> dict[str, dict[int, object]]:
    """The items the versions' many-to-many fields name, per field (one query per field)."""
    found = {}
    for field in Intervention._meta.many_to_many:
        ids = {pk for version in versions for pk in version.field_dict.get(field.attname) or []}
        found[field.name] = field.related_model.objects.in_bulk(ids)
    return found


def descriptions_as_saved(versions: list[Version]) -> dict[int, Intervention]:
    """The description each version kept, by version id, with its repeating parts and
    many-to-many fields in place; a fixed number of queries for any number of versions.

    They are copies for reading: never save one (services.restore_version brings an old
    version back, as a new version).
    """
    versions = list({version.pk: version for version in versions}.values())
    if not versions:
        return {}
    parts = _parts(versions)
    items = _many_to_many(versions)
    descriptions = {}
    for version in versions:
        description = _instance(Intervention, version.field_dict)
        description._prefetched_objects_cache = {}
        for name, found in items.items():
            ids = version.field_dict.get(Intervention._meta.get_field(name).attname) or []
            _prefetched(description, name, [found[pk] for pk in ids if pk in found])
        kept = parts[version.revision_id, description.pk]
        for name in PARTS:
            _prefetched(description, name, _order(name, kept[name]))
        descriptions[version.pk] = description
    return descriptions
