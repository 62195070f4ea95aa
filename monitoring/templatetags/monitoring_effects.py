"""The effect indicators of a plan as templates show them (monitoring/effect_display.py)."""

from django import template

from monitoring import effect_display
from monitoring.models import EffectFigures

register = template.Library()


@register.filter
def effect_groups(effects: list[EffectFigures]) -> list[effect_display.EffectGroup]:
    """`figures.effects` per intended effect: `{% with groups=figures.effects|effect_groups %}`."""
    return effect_display.effect_groups(effects or [])
