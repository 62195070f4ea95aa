"""Numbers as Dutch professionals type them: "1.234,50", "€ 1.234", "12,5%", "− 250".

Every number field of every form (ours, the admin's, those still to be written) reads them
(`accept_typed_numbers`, called once at start-up, as wwidw/text.py does for control characters),
and so do the spreadsheets that come in (wwidw/sheet_input.py).

In a field that people type in (a localized one), a comma is the decimal separator and dots
group thousands, as in Dutch. A single dot followed by
other than three digits ("12.5") is a decimal point, as typed on an English keyboard. "1.234" is
1234 where a number with three decimals cannot be meant (an amount in euros); where both could
be (a percentage, a field with three or more decimals) the message names both readings. A
field that is not localized is a browser's number input: its dot is a decimal point.
"""

import re
from decimal import Decimal
from functools import wraps

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

# What may surround a number: the euro sign, spaces (also the non-breaking ones that copying
# from a page brings), a percent sign; the minus sign as typeset ("−") is a minus.
AROUND = re.compile(r"€|\beur\b|\s|\u00a0|\u202f|'|%$", re.IGNORECASE)
DIGITS = re.compile(r"[+-]?[0-9.,]+")
THOUSAND_OR_DECIMAL = re.compile(r"[+-]?\d{1,3}\.\d{3}")
# Fields with an upper limit up to this are percentages, scores and the like, where "1.234"
# may well mean 1,234.
SMALL_UPPER_LIMIT = 1000

AMBIGUOUS = _(
    "“%(typed)s” can be read as %(thousands)s or as %(decimal)s. Write a decimal comma "
    "(%(decimal)s), or the number without a dot (%(thousands)s)."
)


class AmbiguousNumberError(ValueError):
    def __init__(self, typed: str, thousands: str, decimal: str):
        super().__init__(typed)
        self.params = {"typed": typed, "thousands": thousands, "decimal": decimal}


def _grouped(whole: str) -> bool:
    """Whether dots in `whole` group thousands: "1.234.567", or no dot at all."""
    digits = whole.lstrip("+-")
    if "." not in digits:
        return digits.isdigit() or digits == ""
    first, *groups = digits.split(".")
    return (
        1 <= len(first) <= 3
        and first.isdigit()
        and all(len(group) == 3 and group.isdigit() for group in groups)
    )


def normalised(
    text: str, *, decimals: int | None = None, upper=None, dots_group: bool = True
) -> str:
    """The number in `text` written as Python reads it ("1234.50"), or `text` itself when it is
    no number as typed (the field then says what it expects).

    `decimals` is how many decimals the field takes and `upper` its highest value, which tell
    whether "1.234" may be meant as 1,234: then `AmbiguousNumberError` names both readings.
    With `dots_group` off, a dot without a comma is a decimal point, as a browser's number
    input sends it and as Django writes the value of a field that is not localized.
    """
    compact = AROUND.sub("", text.strip()).replace("−", "-")
    if not compact or not DIGITS.fullmatch(compact):
        return text
    if "," in compact:
        whole, _comma, fraction = compact.rpartition(",")
        if "," in whole or "." in fraction or not fraction or not _grouped(whole):
            return text
        return whole.replace(".", "") + "." + fraction
    if not dots_group:
        return compact
    if compact.count(".") > 1:
        return compact.replace(".", "") if _grouped(compact) else text
    if THOUSAND_OR_DECIMAL.fullmatch(compact):
        thousands = compact.replace(".", "")
        decimal_possible = decimals is None or decimals >= 3
        small_field = upper is not None and Decimal(upper) <= SMALL_UPPER_LIMIT
        if decimal_possible or small_field:
            decimal = compact.replace(".", ",")
            raise AmbiguousNumberError(text.strip(), thousands.lstrip("+"), decimal.lstrip("+"))
        return thousands
    return compact


def upper_limit(field) -> Decimal | None:
    """The highest value a form field or model field takes, from its validators."""
    limits = [
        validator.limit_value
        for validator in field.validators
        if isinstance(validator, MaxValueValidator) and not callable(validator.limit_value)
    ]
    if getattr(field, "max_value", None) is not None:
        limits.append(field.max_value)
    return min(limits) if limits else None


def _wrap(field_class, decimals_of) -> None:
    to_python = field_class.to_python
    if getattr(to_python, "reads_typed_numbers", False):
        return

    @wraps(to_python)
    def to_python_as_typed(self, value):
        if isinstance(value, str):
            try:
                value = normalised(
                    value,
                    decimals=decimals_of(self),
                    upper=upper_limit(self),
                    dots_group=self.localize,
                )
            except AmbiguousNumberError as error:
                raise ValidationError(AMBIGUOUS, code="ambiguous", params=error.params) from None
        return to_python(self, value)

    to_python_as_typed.reads_typed_numbers = True
    field_class.to_python = to_python_as_typed


def accept_typed_numbers() -> None:
    """Make every number field of every form read numbers as Dutch professionals type them."""
    _wrap(forms.DecimalField, lambda field: field.decimal_places)
    _wrap(forms.IntegerField, lambda field: 0)
    _wrap(forms.FloatField, lambda field: None)
