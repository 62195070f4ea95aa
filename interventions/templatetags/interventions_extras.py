"""Small display helpers for descriptions: the evidence level scale."""

from django import template
from django.utils.functional import Promise

from interventions import choices

register = template.Library()


@register.filter
def evidence_scale(level: int) -> list[tuple[int, bool]]:
    """The steps 0–5 of the evidence level, each with whether `level` reaches it."""
    return [(step, step <= level) for step in choices.EvidenceLevel.values]


@register.filter
def evidence_label(level: int) -> str | Promise:
    return choices.EvidenceLevel(level).label


@register.filter
def evidence_explanation(level: int) -> str | Promise:
    return choices.EVIDENCE_LEVEL_EXPLANATIONS[level]
