from decimal import Decimal

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from masar.core import fields
from masar.core.models import NumberCounter

DIGIT_SYSTEMS = [
    str.maketrans("", ""),
    str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"),
    str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"),
]


@given(st.integers(min_value=-(10**12), max_value=10**12), st.sampled_from(DIGIT_SYSTEMS))
def test_an_integer_field_reads_any_digit_system(number, digits):
    assert fields.IntegerField().clean(str(number).translate(digits)) == number


def test_an_integer_field_keeps_its_bounds_in_any_digits():
    field = fields.IntegerField(min_value=1900, max_value=2100)
    assert field.clean("١٩٨٥") == 1985
    with pytest.raises(forms.ValidationError):
        field.clean("١٨٩٩")


def test_decimal_and_float_fields_read_the_arabic_separators():
    assert fields.DecimalField().clean("١٬٢٠٠٫٥") == Decimal("1200.5")
    assert fields.FloatField().clean("۶٫۲۵") == 6.25


def test_a_number_box_is_text_with_a_numeric_keypad():
    whole, decimal = fields.IntegerField().widget, fields.DecimalField().widget
    assert isinstance(whole, fields.NumberInput) and isinstance(decimal, fields.NumberInput)
    html = whole.render("n", None)
    assert 'type="text"' in html and 'inputmode="numeric"' in html
    assert 'inputmode="decimal"' in decimal.render("n", None)


def test_a_model_form_reads_model_numbers_in_any_digits():
    class CounterForm(fields.ModelForm):
        class Meta:
            model = NumberCounter
            fields = ["year", "last"]

    form = CounterForm({"year": "٢٠٢٦", "last": "۱۲"})
    assert isinstance(form.fields["year"], fields.IntegerField)
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["year"], form.cleaned_data["last"]) == (2026, 12)
