"""A partner's service form reads its response time in any digits people type."""

import pytest

from masar.referrals.forms import ServiceForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["١٤", "۱۴", "14"])
def test_the_expected_response_time_reads_any_digits(geography, typed):
    form = ServiceForm(
        {"name": "Legal aid", "sector": "hlp", "governorates": [], "response_days": typed}
    )
    form.is_valid()
    assert "response_days" not in form.errors
    assert form.cleaned_data["response_days"] == 14


def test_the_response_time_keeps_its_bounds_in_arabic_indic_digits(geography):
    form = ServiceForm({"response_days": "٩١"})
    assert "response_days" in form.errors
