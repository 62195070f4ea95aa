"""Amounts in templates: `{{ x|euro }}` prints "€ 12.500,00", `{{ x|euro:0 }}` "€ 12.500".

`amount` prints the number alone, for sentences whose translation holds the euro sign.
"""

from django import template

from wwidw.formats import format_amount, format_money

register = template.Library()


@register.filter
def euro(value, decimals: int = 2) -> str:
    # Digits, separators and the euro sign: escaping changes nothing, so none is marked safe.
    return format_money(value, decimals)


@register.filter
def amount(value, decimals: int = 2) -> str:
    return format_amount(value, decimals)
