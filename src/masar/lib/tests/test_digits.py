from hypothesis import given
from hypothesis import strategies as st

from masar.lib.digits import ascii_digits, only_digits


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
