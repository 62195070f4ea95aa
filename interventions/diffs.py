"""What changed between two versions of a description, field by field, word by word."""

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from reversion.models import Version

from interventions.models import (
    ActiveIngredient,
    Activity,
    Effect,
    IntendedEffect,
    Intervention,
    Partner,
    TheoryStep,
)
from interventions.sections import SECTIONS
from wwidw.formats import format_amount, format_money

# The report file is stored under a generated name; its original name is what people know.
FIELD_NAMES = [
    "status",
    *(
        "report_filename" if name == "report_file" else name
        for section in SECTIONS
        for name in section.fields
    ),
]
PART_MODELS = [IntendedEffect, Activity, Partner, TheoryStep, ActiveIngredient]
MONEY_FIELDS = {"total_budget", "own_contribution"}


@dataclass(frozen=True)
class Change:
    label: str | Promise
    old: str
    new: str
    html: SafeString


def word_diff(old: str, new: str) -> SafeString:
    """Both texts merged, words removed in <del> and words added in <ins>, all escaped."""
    old_words = re.split(r"(\s+)", old)
    new_words = re.split(r"(\s+)", new)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    html = []
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        removed = "".join(old_words[old_start:old_end])
        added = "".join(new_words[new_start:new_end])
        if tag == "equal":
            html.append(escape(added))
            continue
        if removed:
            html.append(f"<del>{escape(removed)}</del>")
        if added:
            html.append(f"<ins>{escape(added)}</ins>")
    # Every piece is escaped above.
    return mark_safe("".join(html))  # nosec B308 B703


def _names(version_pairs: list[dict], model_field) -> dict[int, str]:
    """Names of the vocabulary items that the versions' many-to-many fields refer to."""
    ids = {int(pk) for values in version_pairs for pk in values.get(model_field.attname) or []}
    related = model_field.related_model.objects.filter(pk__in=ids)
    return {item.pk: str(item) for item in related}


def _text(model_field, value, names: dict[int, str] | None = None) -> str:
    if value in (None, "", []):
        return ""
    if model_field.many_to_many:
        return ", ".join(sorted(names.get(int(pk), str(pk)) for pk in value))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, Decimal) and model_field.name in MONEY_FIELDS:
        return format_money(value)
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(model_field, models.DateTimeField):
        return date_format(value, "DATETIME_FORMAT")
    if isinstance(model_field, models.DateField):
        return date_format(value)
    return str(value)


def _field_changes(old: dict, new: dict) -> list[Change]:
    changes = []
    for name in FIELD_NAMES:
        model_field = Intervention._meta.get_field(name)
        names = _names([old, new], model_field) if model_field.many_to_many else None
        before = _text(model_field, old.get(model_field.attname), names)
        after = _text(model_field, new.get(model_field.attname), names)
        if before != after:
            label = Intervention._meta.get_field(
                "report_file" if name == "report_filename" else name
            ).verbose_name
            changes.append(Change(capfirst(label), before, after, word_diff(before, after)))
    return changes


def _part_text(model, values: dict, effects: dict[int, str]) -> str:
    def choice(name):
        return _text(model._meta.get_field(name), values.get(name))

    if model is TheoryStep:
        line = _("If %(if)s, then %(then)s") % {
            "if": values["if_text"],
            "then": values["then_text"],
        }
        if values.get("because_text"):
            line += _(", because %(because)s") % {"because": values["because_text"]}
        extras = [choice("support"), choice("confidence")]
    elif model is IntendedEffect:
        line = effects.get(values["effect_id"], str(values["effect_id"]))
        extras = [choice("level"), values.get("indicator"), values.get("target_value")]
    elif model is Activity:
        line = values["name"]
        extras = [values.get("description"), values.get("performed_by"), values.get("frequency")]
    elif model is Partner:
        line = values["name"]
        extras = [choice("role"), values.get("contribution")]
    else:
        line = values["name"]
        extras = [_("essential") if values.get("is_essential") else "", values.get("explanation")]
    extras = [str(extra) for extra in extras if extra]
    return f"{line} ({'; '.join(extras)})" if extras else line


def _parts(version: Version) -> dict[type, list[dict]]:
    """The repeating parts saved in the same revision, per model, in reading order."""
    parts: dict[type, list[dict]] = {model: [] for model in PART_MODELS}
    for part in version.revision.version_set.select_related("content_type"):
        model = part.content_type.model_class()
        if model in parts and part.field_dict.get("intervention_id") == int(version.object_id):
            parts[model].append(part.field_dict)
    for values in parts.values():
        values.sort(key=lambda item: (item.get("position", 0), item["id"]))
    return parts


def _part_changes(old: Version, new: Version) -> list[Change]:
    old_parts, new_parts = _parts(old), _parts(new)
    effect_ids = {
        values["effect_id"] for parts in (old_parts, new_parts) for values in parts[IntendedEffect]
    }
    effects = {effect.pk: str(effect) for effect in Effect.objects.filter(pk__in=effect_ids)}
    changes = []
    for model in PART_MODELS:
        before = "\n".join(_part_text(model, values, effects) for values in old_parts[model])
        after = "\n".join(_part_text(model, values, effects) for values in new_parts[model])
        if before != after:
            label = capfirst(model._meta.verbose_name_plural)
            changes.append(Change(label, before, after, word_diff(before, after)))
    return changes


def diff_versions(old: Version, new: Version) -> list[Change]:
    """The fields and repeating parts that differ between two versions of one description."""
    return _field_changes(old.field_dict, new.field_dict) + _part_changes(old, new)
