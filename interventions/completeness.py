"""What a description still lacks before it can be published."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise

from interventions.sections import SECTIONS, Section, required_fields


@dataclass(frozen=True)
class MissingItem:
    section: Section
    name: str
    label: str | Promise


def _is_filled(intervention, name: str) -> bool:
    field = intervention._meta.get_field(name)
    if field.many_to_many:
        return intervention.pk is not None and getattr(intervention, name).exists()
    value = getattr(intervention, name)
    return value not in (None, "")


def _child_label(intervention, related_name: str) -> str | Promise:
    return intervention._meta.get_field(related_name).related_model._meta.verbose_name_plural


def check(
    intervention, *, sections: Iterable[Section] = SECTIONS, phase: str | None = None
) -> tuple[list[MissingItem], int]:
    """The missing required items, in the order of the format, and the share filled (0–100).

    `sections` and `phase` narrow or widen what is required: a budget application asks a short
    plan (some sections) and a budget whatever the phase says. Prefetched children and
    many-to-many fields are read without queries.
    """
    phase = phase or intervention.phase
    missing: list[MissingItem] = []
    total = 0
    for section in sections:
        for name in required_fields(section, phase):
            total += 1
            if not _is_filled(intervention, name):
                label = intervention._meta.get_field(name).verbose_name
                missing.append(MissingItem(section, name, label))
        for related_name in section.required_children:
            total += 1
            has_children = intervention.pk and getattr(intervention, related_name).exists()
            if not has_children:
                missing.append(
                    MissingItem(section, related_name, _child_label(intervention, related_name))
                )
    share = round(100 * (total - len(missing)) / total) if total else 100
    return missing, share
