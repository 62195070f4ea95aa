"""Every number field of every form reads numbers as Dutch professionals type them."""

from decimal import Decimal

import pytest
from django import forms
from django.core.validators import MaxValueValidator
from django.utils import translation

from wwidw.numbers import AmbiguousNumberError, normalised


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1.234,50", "1234.50"),
        ("€ 1.234", "1234"),
        ("€1.234.567,89", "1234567.89"),
        ("EUR 250", "250"),
        ("1234,5", "1234.5"),
        ("− 32.790,17", "-32790.17"),
        ("12,5%", "12.5"),
        ("12.5", "12.5"),
        ("1\u00a0234,50", "1234.50"),
        ("", ""),
        ("twaalf", "twaalf"),
        ("1,2,3", "1,2,3"),
        ("1.23.4", "1.23.4"),
    ],
)
def test_numbers_as_typed(typed, expected):
    assert normalised(typed, decimals=2) == expected


def test_one_dot_and_three_digits_is_thousands_only_where_nothing_else_is_meant():
    assert normalised("1.234", decimals=2) == "1234"
    with pytest.raises(AmbiguousNumberError):
        normalised("1.234", decimals=2, upper=100)
    with pytest.raises(AmbiguousNumberError):
        normalised("1.234", decimals=4)


class AmountForm(forms.Form):
    amount = forms.DecimalField(max_digits=12, decimal_places=2, localize=True)
    plain = forms.DecimalField(max_digits=12, decimal_places=2, required=False, localize=True)
    percentage = forms.DecimalField(
        max_digits=5,
        decimal_places=2,
        required=False,
        localize=True,
        validators=[MaxValueValidator(100)],
    )
    count = forms.IntegerField(required=False, localize=True)
    # A browser's number input sends "62.500" for 62,5, as Django writes it in the field.
    measured = forms.DecimalField(max_digits=12, decimal_places=4, required=False)


def test_a_form_takes_amounts_with_thousand_dots_and_a_euro_sign():
    form = AmountForm(
        {"amount": "€ 1.234,50", "plain": "1.234", "count": "1.200", "measured": "62.500"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("1234.50")
    assert form.cleaned_data["plain"] == Decimal("1234")
    assert form.cleaned_data["count"] == 1200
    assert form.cleaned_data["measured"] == Decimal("62.5")


def test_a_percentage_that_reads_two_ways_gets_a_message_naming_both():
    form = AmountForm({"amount": "1", "percentage": "1.234"})
    assert not form.is_valid()
    assert form.errors["percentage"] == [
        "“1.234” kan 1234 zijn of 1,234. Schrijf een decimale komma (1,234), of het getal "
        "zonder punt (1234)."
    ]
    assert form.data["percentage"] == "1.234"  # what was typed stays in the field


def test_what_is_no_number_keeps_the_fields_own_message():
    form = AmountForm({"amount": "twaalf"})
    assert not form.is_valid()
    assert form.errors["amount"] == ["Vul een getal in."]
