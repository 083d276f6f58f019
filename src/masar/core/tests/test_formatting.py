"""Numbers, money and dates as each language of the interface writes them."""

from __future__ import annotations

import datetime
import re

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from masar.core.templatetags.masar_format import daterange, iqd, isodate, isodatetime, num, pct

ARABIC_THOUSANDS, ARABIC_DECIMAL = "\u066c", "\u066b"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "234,188"), ("ar", f"234{ARABIC_THOUSANDS}188"), ("ckb", f"234{ARABIC_THOUSANDS}188")],
    ids=["en", "ar", "ckb"],
)
def test_counts_are_grouped_with_the_languages_separator(language, expected):
    with translation.override(language):
        assert num(234188) == expected


def test_decimals_use_the_arabic_decimal_separator_not_a_comma():
    with translation.override("ar"):
        assert num(3.25, 2) == f"3{ARABIC_DECIMAL}25"
        assert pct(0.125, 1) == f"12{ARABIC_DECIMAL}5%"
    with translation.override("en"):
        assert num(1234.5, 1) == "1,234.5"
        assert pct(0.125, 1) == "12.5%"


def test_money_is_whole_dinars_grouped_with_the_currency_in_the_language():
    with translation.override("en"):
        assert iqd(1500000) == "1,500,000 IQD"
    with translation.override("ar"):
        assert iqd(1500000) == f"1{ARABIC_THOUSANDS}500{ARABIC_THOUSANDS}000 د.ع"
    assert iqd(None) == ""


def test_text_that_is_not_a_number_is_shown_as_it_is():
    assert num("n/a") == "n/a"
    assert num(None) == ""


def test_dates_stay_in_year_month_day_order_right_to_left():
    day = datetime.date(2024, 5, 17)
    assert isodate(day) == '<time datetime="2024-05-17" dir="ltr">2024-05-17</time>'
    assert isodate(None) == ""
    span = daterange(datetime.date(2024, 5, 1), datetime.date(2024, 6, 30))
    assert span == '<bdi dir="ltr">2024-05-01 – 2024-06-30</bdi>'


def test_a_moment_is_shown_in_the_instances_time_zone(settings):
    settings.TIME_ZONE = "Asia/Baghdad"
    moment = datetime.datetime(2024, 5, 17, 21, 30, tzinfo=datetime.UTC)
    shown = isodatetime(moment)
    # 21:30 UTC is half past midnight the next day in Baghdad (UTC+3).
    assert ">2024-05-18 00:30</time>" in shown
    assert 'dir="ltr"' in shown


def test_the_filters_need_no_load_in_templates():
    with translation.override("ar"):
        text = Template("{{ n|num }} {{ d|isodate }} {{ a|iqd }}").render(
            Context({"n": 1234, "d": datetime.date(2024, 1, 2), "a": 250000})
        )
    assert f"1{ARABIC_THOUSANDS}234" in text
    assert 'dir="ltr">2024-01-02<' in text
    assert f"250{ARABIC_THOUSANDS}000" in text


@given(st.integers(min_value=-(10**12), max_value=10**12), st.sampled_from(["en", "ar", "ckb"]))
def test_grouping_never_changes_the_number(value, language):
    with translation.override(language):
        shown = num(value)
    digits = re.sub(f"[,{ARABIC_THOUSANDS}]", "", shown)
    assert int(digits) == value
    # Groups of three digits after the first group.
    groups = re.split(f"[,{ARABIC_THOUSANDS}]", shown.lstrip("-"))
    assert all(len(group) == 3 for group in groups[1:])
    assert 1 <= len(groups[0]) <= 3
