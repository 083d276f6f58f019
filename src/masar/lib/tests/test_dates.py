import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from masar.lib.dates import add_months, parse_date

FIRSTS = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 1)).map(
    lambda day: day.replace(day=1)
)
STEPS = st.integers(min_value=-1200, max_value=1200)


def test_it_keeps_the_day_or_takes_the_last_day_of_a_shorter_month():
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2026, 5, 31), 1) == date(2026, 6, 30)
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)
    assert add_months(date(2026, 7, 15), 0) == date(2026, 7, 15)


def test_it_crosses_years_both_ways():
    assert add_months(date(2026, 12, 1), 1) == date(2027, 1, 1)
    assert add_months(date(2027, 1, 1), -1) == date(2026, 12, 1)
    assert add_months(date(2026, 12, 1), -11) == date(2026, 1, 1)
    assert add_months(date(2026, 1, 1), -13) == date(2024, 12, 1)


@given(FIRSTS, STEPS)
def test_stepping_back_then_forward_returns_the_same_month(month, n):
    assert add_months(add_months(month, -n), n) == month


@given(FIRSTS, STEPS)
def test_a_first_of_the_month_steps_to_a_first_of_the_month_n_months_away(month, n):
    stepped = add_months(month, n)
    assert stepped.day == 1
    assert (stepped.year - month.year) * 12 + stepped.month - month.month == n


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)), STEPS)
def test_the_day_is_kept_unless_the_target_month_is_shorter(day, n):
    stepped = add_months(day, n)
    assert (stepped.year - day.year) * 12 + stepped.month - day.month == n
    assert stepped.day == min(day.day, calendar.monthrange(stepped.year, stepped.month)[1])


def test_it_parses_a_date_in_a_pattern():
    assert parse_date("29/02/2028", "%d/%m/%Y") == date(2028, 2, 29)
    assert parse_date("2026-12-31", "%Y-%m-%d") == date(2026, 12, 31)


@pytest.mark.parametrize("text", ["29/02/2027", "31/04/2026", "2026-12-31", "13/13/2026"])
def test_it_refuses_a_date_that_does_not_exist_or_fit_the_pattern(text):
    with pytest.raises(ValueError):
        parse_date(text, "%d/%m/%Y")
