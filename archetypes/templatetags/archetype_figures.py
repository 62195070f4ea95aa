"""Display helpers for section 9 of an archetype and its active ingredients in practice."""

from decimal import Decimal

from django import template

from archetypes.figures import ArchetypeFigures, IngredientFigures
from archetypes.models import ActiveIngredient
from monitoring import effect_words

register = template.Library()


@register.filter
def improvement(value: Decimal | None) -> str:
    """An improvement in percent as the effect words write it: "+10,5 %", "−3,2 %"."""
    return effect_words.signed_percent(value)


@register.filter
def in_practice(figures: ArchetypeFigures, ingredient: ActiveIngredient) -> IngredientFigures:
    """The practice figures of one active ingredient of the archetype."""
    return figures.for_ingredient(ingredient)
