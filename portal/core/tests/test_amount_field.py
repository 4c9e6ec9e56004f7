"""Amounts as people type them, in German and English notation."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from portal.core.forms import AmountField, parse_amount


@pytest.mark.parametrize(
    ("text", "separator", "expected"),
    [
        ("1.234,56", ",", "1234.56"),
        ("1,234.56", ",", "1234.56"),
        ("1,234.56", ".", "1234.56"),
        ("1234,5", ".", "1234.5"),
        ("500,00", ".", "500.00"),
        ("500.00", ",", "500.00"),
        ("1.500", ",", "1500"),  # German: thousands
        ("1.500", ".", "1.500"),  # English: a decimal point
        ("1,500", ".", "1500"),
        ("1.000.000", ".", "1000000"),
        ("1.000.000,01", ",", "1000000.01"),
        ("-12", ",", "-12"),
        ("+7,25", ",", "7.25"),
        (" 500,00 EUR ", ",", "500.00"),
        ("12 €", ",", "12"),
        ("1\u00a0250,00", ",", "1250.00"),
    ],
)
def test_amounts_are_read_in_either_notation(text, separator, expected):
    assert parse_amount(text, separator) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    ["", "abc", "1e3", "1,2,3", "12.34.5", "1.2345,00", "12,34.56.7", "--5", "1,23,456.00", "١٢", "NaN", ".5", "5,"],
)
def test_anything_else_is_no_amount(text):
    assert parse_amount(text, ",") is None


@pytest.mark.parametrize(("text", "separator"), [("0,001", "."), ("0.001", ","), ("00,500", "."), ("0.500.000", ",")])
def test_a_thousands_group_after_a_leading_zero_is_no_amount(text, separator):
    assert parse_amount(text, separator) is None


def test_the_field_names_the_expected_notation():
    field = AmountField()
    with translation.override("de"):
        assert field.clean("1.250,50") == Decimal("1250.50")
        with pytest.raises(ValidationError, match=r"1\.250,00"):
            field.clean("zwölf")
    with translation.override("en"):
        assert field.clean("1,250.50") == Decimal("1250.50")
        with pytest.raises(ValidationError, match="euros and cents"):  # more than cents
            field.clean("1.255")


def test_the_example_follows_the_language():
    with translation.override("en"), pytest.raises(ValidationError, match=r"1,250\.00"):
        AmountField().clean("twelve")


def test_a_stored_amount_is_shown_as_the_reader_writes_it():
    from django import forms

    class Form(forms.Form):
        amount = AmountField()

    for language, shown in (("de", 'value="1329,50"'), ("en", 'value="1329.50"')):
        with translation.override(language):
            assert shown in str(Form(initial={"amount": Decimal("1329.50")})["amount"])


@pytest.mark.parametrize("text", ["NaN", "sNaN", "-sNaN", "Infinity", "-inf"])
def test_a_decimal_that_is_no_number_is_refused_not_compared(text):
    from portal.core.forms import FiniteDecimalField, QuantityField

    for field in (FiniteDecimalField(), QuantityField()):
        with pytest.raises(ValidationError):
            field.clean(text)
        assert field.has_changed(Decimal("3"), text)  # Django's own field raises for "sNaN" here
