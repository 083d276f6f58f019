from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from masar.lib.digits import ascii_digits, ascii_number, only_digits


def test_arabic_indic_and_extended_digits_become_ascii():
    assert ascii_digits("٠٧٧٠ ١٢٣") == "0770 123"
    assert ascii_digits("۰۱۲۳۴۵۶۷۸۹") == "0123456789"
    assert only_digits("+964 (770) ١٢٣-٤٥") == "96477012345"


@given(st.integers(min_value=0))
def test_any_number_written_in_arabic_indic_digits_reads_back(number):
    arabic = str(number).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert int(ascii_digits(arabic)) == number


@given(st.text())
def test_conversion_is_idempotent_and_keeps_the_length(text):
    once = ascii_digits(text)
    assert ascii_digits(once) == once
    assert len(once) == len(text)


EXTENDED = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@given(st.integers(), st.sampled_from([EASTERN, EXTENDED, str.maketrans("", "")]))
def test_any_integer_in_any_digit_system_reads_back_as_itself(number, digits):
    assert int(ascii_number(str(number).translate(digits))) == number


@given(
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
    st.sampled_from([EASTERN, EXTENDED]),
)
def test_any_decimal_with_the_arabic_separator_reads_back_as_itself(number, digits):
    typed = str(number).translate(digits).replace(".", "٫")
    assert Decimal(ascii_number(typed)) == number


@given(st.text().filter(lambda text: not any(ch.isdecimal() for ch in text)))
def test_text_without_digits_is_left_unchanged(text):
    assert ascii_digits(text) == text


def test_arabic_thousands_separators_are_dropped():
    assert ascii_number(" ١٬٢٠٠ ") == "1200"
    assert ascii_number("١٬٢٠٠٫٥") == "1200.5"
