"""How a description reads: one document structure for the page, the comparison and the PDF.

The PDF is the detail page's document set for paper by wwidw/pdf.py.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import Promise

from interventions.models import (
    ActiveIngredient,
    Activity,
    IntendedEffect,
    Intervention,
    Partner,
    TheoryStep,
)
from interventions.sections import SECTIONS

# Shown in the heading of the document rather than in its first section.
HEADER_FIELDS = {
    "title",
    "phase",
    "start_date",
    "end_date",
    "municipality",
    "neighbourhood",
    "intervention_types",
    "themes",
    "target_groups",
    "visibility",
}
MONEY_FIELDS = {"total_budget", "own_contribution"}
# Shown together with another field.
COMBINED_FIELDS = {"target_group_unit"}
# Repeating parts per section, in reading order.
SECTION_PARTS = {
    "doelen": ["intended_effects"],
    "aanpak": ["activities", "partners"],
    "werking": ["theory_steps", "active_ingredients"],
}


@dataclass(frozen=True)
class Item:
    """One filled-in field or repeating part; `kind` tells the template how to show it."""

    name: str
    label: str | Promise
    kind: str
    value: Any


@dataclass(frozen=True)
class DocumentSection:
    key: str
    title: str | Promise
    items: list[Item] = field(default_factory=list)


def readable(queryset: models.QuerySet) -> models.QuerySet:
    """Everything a document shows, in a fixed number of queries."""
    return queryset.select_related("organisation").prefetch_related(*prefetches())


def prefetches() -> list:
    """The parts of a document, to prefetch for descriptions read already (with their
    organisation), as `readable()` does."""
    return [
        "intervention_types",
        "themes",
        "target_groups",
        Prefetch("theory_steps", queryset=TheoryStep.objects.order_by("position", "pk")),
        Prefetch(
            "active_ingredients",
            queryset=ActiveIngredient.objects.order_by("-is_essential", "pk"),
        ),
        Prefetch("activities", queryset=Activity.objects.order_by("pk")),
        Prefetch("partners", queryset=Partner.objects.order_by("pk")),
        Prefetch(
            "intended_effects",
            queryset=IntendedEffect.objects.select_related("effect").order_by("effect__code"),
        ),
    ]


def _kind(model_field) -> str:
    if model_field.name == "evidence_level":
        return "evidence"
    if model_field.name == "target_group_size":
        return "line"
    if model_field.name in MONEY_FIELDS:
        return "money"
    if model_field.many_to_many:
        return "list"
    if model_field.choices:
        return "line"
    kinds = {
        models.TextField: "text",
        models.DateField: "date",
        models.URLField: "url",
        models.EmailField: "email",
        models.FileField: "file",
        models.DecimalField: "number",
        models.PositiveIntegerField: "number",
    }
    for field_class, kind in kinds.items():
        if isinstance(model_field, field_class):
            return kind
    return "line"


def _value(intervention: Intervention, model_field) -> Any:
    name = model_field.name
    if model_field.many_to_many:
        return [str(item) for item in getattr(intervention, name).all()]
    if model_field.choices and name != "evidence_level":
        return (
            getattr(intervention, f"get_{name}_display")() if getattr(intervention, name) else ""
        )
    if name == "report_file":
        return _report(intervention)
    if name == "target_group_size" and intervention.target_group_size is not None:
        size = number_format(intervention.target_group_size, force_grouping=True)
        return f"{size} {intervention.target_group_unit}".strip()
    return getattr(intervention, name)


def _report(intervention: Intervention) -> tuple[str, str] | None:
    """The uploaded report's original name and download address."""
    if not intervention.report_file:
        return None
    url = reverse("interventions:report", kwargs={"pk": intervention.pk})
    return (intervention.report_filename or intervention.report_file.name, url)


def _items(intervention: Intervention, names: list[str], *, skip: set[str]) -> list[Item]:
    items = []
    for name in names:
        if name in skip or name in COMBINED_FIELDS:
            continue
        model_field = Intervention._meta.get_field(name)
        value = _value(intervention, model_field)
        if value in (None, "", []):
            continue
        items.append(Item(name, model_field.verbose_name, _kind(model_field), value))
    return items


def _parts(intervention: Intervention, section_key: str) -> list[Item]:
    items = []
    for related_name in SECTION_PARTS.get(section_key, []):
        children = list(getattr(intervention, related_name).all())
        if children:
            label = Intervention._meta.get_field(related_name).related_model._meta
            items.append(Item(related_name, label.verbose_name_plural, related_name, children))
    return items


def document(intervention: Intervention, *, with_header: bool = False) -> list[DocumentSection]:
    """The seven sections with what is filled in; empty fields are left out.

    Without `with_header`, what the page shows in its heading (phase, period, place, types)
    is left out of the sections.
    """
    skip = {"title", "visibility"} if with_header else HEADER_FIELDS
    return [
        DocumentSection(
            section.key,
            section.title,
            _items(intervention, section.fields, skip=skip) + _parts(intervention, section.key),
        )
        for section in SECTIONS
    ]


@dataclass(frozen=True)
class ComparisonRow:
    label: str | Promise
    cells: list[Item | None]


def comparison(interventions: list[Intervention]) -> list[tuple[DocumentSection, list]]:
    """Per section, one row per field that any of the descriptions filled in."""
    documents = [document(intervention, with_header=True) for intervention in interventions]
    result = []
    for index, section in enumerate(documents[0] if documents else []):
        per_description = [{item.name: item for item in doc[index].items} for doc in documents]
        names = _ordered_names(section.key, per_description)
        rows = [
            ComparisonRow(
                next(items[name] for items in per_description if name in items).label,
                [items.get(name) for items in per_description],
            )
            for name in names
        ]
        result.append((section, rows))
    return result


def _ordered_names(section_key: str, per_description: list[dict]) -> list[str]:
    section = next(section for section in SECTIONS if section.key == section_key)
    order = [*section.fields, *SECTION_PARTS.get(section_key, [])]
    present = {name for items in per_description for name in items}
    return [name for name in order if name in present]


def render_intervention_html(intervention: Intervention, *, request=None) -> str:
    """The HTML that becomes the PDF; `intervention` comes from `readable()`."""
    context = {"intervention": intervention, "sections": document(intervention)}
    return render_to_string("interventions/intervention_pdf.html", context, request=request)


PART_FIELDS = {
    "theory_steps": ["position", "if_text", "then_text", "because_text", "support", "confidence"],
    "active_ingredients": ["name", "explanation", "is_essential"],
    "activities": ["name", "description", "performed_by", "frequency"],
    "partners": ["name", "role", "contribution"],
    "intended_effects": ["level", "indicator", "target_value", "target_date"],
}


def _json_value(intervention: Intervention, name: str) -> Any:
    model_field = Intervention._meta.get_field(name)
    if model_field.many_to_many:
        return [str(item) for item in getattr(intervention, name).all()]
    if name == "report_file":
        return intervention.report_filename
    return getattr(intervention, name)


def _json_part(related_name: str, child) -> dict:
    data = {name: getattr(child, name) for name in PART_FIELDS[related_name]}
    if related_name == "intended_effects":
        data = {"code": child.effect.code, "effect": child.effect.name, **data}
    return data


def as_json(intervention: Intervention, *, url: str) -> dict:
    """The description with its sections and repeating parts; choices as their stored codes."""
    return {
        "id": intervention.pk,
        "url": url,
        "title": intervention.title,
        "organisation": intervention.organisation.name,
        "status": intervention.status,
        "revision": intervention.revision,
        "published_at": intervention.published_at,
        "updated_at": intervention.updated_at,
        "sections": [
            {
                "key": section.key,
                "title": str(section.title),
                "fields": {name: _json_value(intervention, name) for name in section.fields},
                **{
                    related_name: [
                        _json_part(related_name, child)
                        for child in getattr(intervention, related_name).all()
                    ]
                    for related_name in SECTION_PARTS.get(section.key, [])
                },
            }
            for section in SECTIONS
        ],
    }
