from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from wwidw.formats import format_money


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def render(text: str, value) -> str:
    return Template("{% load wwidw_formats %}" + text).render(Context({"value": value}))


def test_format_money_groups_thousands_with_two_decimals():
    assert format_money(Decimal("12500")) == "€ 12.500,00"
    assert format_money(Decimal("-1234.5")) == "− € 1.234,50"


def test_euro_filter_prints_what_format_money_prints():
    assert render("{{ value|euro }}", Decimal("1234567.89")) == "€ 1.234.567,89"
    assert render("{{ value|euro }}", Decimal("1234567.89")) == format_money(Decimal("1234567.89"))


def test_euro_filter_in_whole_euros():
    assert render("{{ value|euro:0 }}", Decimal("65519.50")) == "€ 65.520"


def test_amount_filter_leaves_the_sign_to_the_sentence():
    assert render("{{ value|amount }}", Decimal("2500")) == "2.500,00"
    assert render("{{ value|amount:0 }}", Decimal("2500.4")) == "2.500"


@pytest.mark.parametrize("value", [Decimal("0.5"), Decimal("99999.99"), 3, None, "not a number"])
def test_euro_filter_prints_what_the_floatformat_chain_printed(value):
    old = Template('€ {{ value|floatformat:"2g" }}').render(Context({"value": value}))
    assert render("{{ value|euro }}", value) == old
