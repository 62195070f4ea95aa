"""Amounts as the site shows them, in the active language: "€ 12.500,00".

Templates use the filters in wwidw/templatetags/wwidw_formats.py, code (messages, e-mails)
`format_money`: both print the same text.
"""

from decimal import Decimal, InvalidOperation

from django.template.defaultfilters import floatformat


def format_amount(amount: Decimal | None, decimals: int = 2) -> str:
    """The number alone, grouped in thousands: "12.500,00"; nothing for no amount."""
    return floatformat(amount, f"{decimals}g")


def format_money(amount: Decimal | None, decimals: int = 2) -> str:
    """An amount of money: "€ 12.500,00"; `decimals=0` gives whole euros. A negative amount
    has its minus sign before the euro sign, as the charts write it: "− € 32.790,17"."""
    try:
        number = Decimal(str(amount)) if amount is not None else None
    except InvalidOperation:
        number = None
    if number is not None and number < 0:
        return "− € " + format_amount(-number, decimals)
    return "€ " + format_amount(amount, decimals)
