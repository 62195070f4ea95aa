"""An effect indicator's result in words, the same on the page, in the PDFs and the xlsx:
"6,5 procentpunt beter dan de nulmeting; 81 % van het doel"."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from monitoring import calculations, choices
from wwidw.formats import format_amount


def number(value: Decimal | None, decimals: int = 1) -> str:
    """A measured value as people read it: "6,5", "120", "6,85"; whole numbers without
    decimals."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return format_amount(value, 0)
    places = max(decimals, min(3, -value.normalize().as_tuple().exponent))
    return format_amount(value, places)


def percent(value: Decimal | None, decimals: int = 1) -> str:
    """ "10,5 %"; nothing for an undefined percentage."""
    return "" if value is None else f"{format_amount(value, decimals)} %"


def signed_percent(value: Decimal | None) -> str:
    """ "+10,5 %" or "−3,2 %"."""
    if value is None:
        return ""
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return f"{sign}{percent(abs(value))}"


def _amount(change: Decimal, scale: str, unit: str) -> str:
    size = abs(change)
    if scale == choices.Scale.PERCENTAGE:
        return ngettext(
            "%(number)s percentage point", "%(number)s percentage points", 1 if size == 1 else 2
        ) % {"number": number(size)}
    return f"{number(size)} {unit}".strip()


def _versus(change: Decimal, direction: str, scale: str, unit: str, *, net: bool) -> str:
    better = calculations.improvement(change, direction)
    if not change:
        return _("the same as the comparison area") if net else _("the same as the baseline")
    words = {"amount": _amount(change, scale, unit)}
    if better > 0:
        text = (
            _("%(amount)s better than the comparison area")
            if net
            else _("%(amount)s better than the baseline")
        )
    else:
        text = (
            _("%(amount)s worse than the comparison area")
            if net
            else _("%(amount)s worse than the baseline")
        )
    return text % words


def effect_in_words(indicator, result: calculations.EffectResult) -> str:
    """`indicator` is an EffectIndicator (or anything with scale, unit and direction)."""
    if not result.is_measured:
        return _("not measured yet")
    scale, unit, direction = indicator.scale, indicator.unit, indicator.direction
    parts = [_versus(result.change, direction, scale, unit, net=False)]
    if scale != choices.Scale.PERCENTAGE and result.relative_change is not None:
        parts[0] += (
            f" ({signed_percent(calculations.improvement(result.relative_change, direction))})"
        )
    if result.attainment is not None:
        parts.append(_("%(percent)s of the target") % {"percent": percent(result.attainment, 0)})
    if result.has_comparison:
        parts.append(
            _("net %(versus)s")
            % {"versus": _versus(result.net_change, direction, scale, unit, net=True)}
        )
    return "; ".join(parts)
