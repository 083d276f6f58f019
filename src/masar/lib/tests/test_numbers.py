import pytest
from hypothesis import given
from hypothesis import strategies as st

from masar.lib.numbers import CountError, parse_count


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1,000", 1000),
        ("12,345,678", 12345678),
        ("١٬٢٠٠", 1200),
        ("٣٤", 34),
        ("۱۲", 12),
        (" 7 ", 7),
        ("1 000", 1000),
        ("12.0", 12),
        (12.0, 12),
        (5, 5),
        ("", None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_counts_are_read_whatever_the_digits_and_separators(value, expected):
    assert parse_count(value) == expected


@pytest.mark.parametrize(
    "value, reason",
    [
        ("-3", "negative"),
        (-3, "negative"),
        ("2.5", "whole"),
        (2.5, "whole"),
        ("abc", "not a number"),
        ("1,00", "not a number"),
        (True, "not a number"),
    ],
)
def test_non_counts_are_refused_with_a_reason(value, reason):
    with pytest.raises(CountError, match=reason):
        parse_count(value)


def _arabic(text: str) -> str:
    return text.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([",", "٬", ""]), st.booleans())
def test_any_count_written_with_separators_or_arabic_digits_reads_back(number, separator, arabic):
    text = f"{number:,}".replace(",", separator)
    assert parse_count(_arabic(text) if arabic else text) == number
