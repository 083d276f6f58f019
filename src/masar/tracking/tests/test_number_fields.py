"""Counts typed with Arabic-Indic or Extended Arabic-Indic digits are read as typed."""

import pytest

from masar.geo.tests.factories import location_in
from masar.tracking.forms import EmergencyUpdateForm, ImportForm

pytestmark = pytest.mark.django_db


def test_an_emergency_update_takes_families_in_arabic_indic_digits(geography):
    location = location_in("IQG15Q05N01", external_id="LOC-001")
    form = EmergencyUpdateForm(
        {
            "location": "LOC-٠٠١",
            "reported_on": "2026-03-01",
            "families_displaced": "١٬٢٠٠",
            "individuals_displaced": "۷۲۰۰",
            "families_returned": "٠",
            "individuals_returned": "0",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["location"] == location.external_id
    assert form.cleaned_data["families_displaced"] == 1200
    assert form.cleaned_data["individuals_displaced"] == 7200


def test_a_negative_count_is_still_refused_in_any_digits(geography):
    form = EmergencyUpdateForm({"families_displaced": "-٣"})
    assert "families_displaced" in form.errors


def test_the_round_number_of_an_import_reads_kurdish_digits():
    form = ImportForm({"round_number": "۱۳۵"})
    form.is_valid()
    assert "round_number" not in form.errors
    assert form.cleaned_data["round_number"] == 135
