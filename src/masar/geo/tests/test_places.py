"""The place picker finds places by any name, P-code or ID, in either digit system."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from masar.geo.forms import PlaceField
from masar.geo.models import Site
from masar.geo.places import clean_query, find_places, resolve_place
from masar.geo.tests.factories import location_in, site_in

pytestmark = pytest.mark.django_db

EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.fixture
def places(geography):
    return {
        "zaitoun": location_in("IQG15Q05N01", external_id="LOC-1205", name_en="Tel Zaitoun",
                               name_ar="تل الزيتون", name_ku="گردی زەیتوون"),
        "qayyarah_1": location_in("IQG15Q05N01", external_id="LOC-3001", name_en="Al-Qayyarah",
                                  name_ar="القيارة"),
        "qayyarah_2": location_in("IQG01Q01N01", external_id="LOC-3002", name_en="Al-Qayyarah",
                                  name_ar="القيارة"),
    }  # fmt: skip


@pytest.mark.parametrize(
    "typed", ["الزيتون", "زيتون", "zait", "TEL ZAITOUN", "زەیتوون", "LOC-1205", "loc-1205"]
)
def test_a_location_is_found_by_part_of_any_name_or_its_id(places, typed):
    matches = find_places(typed)
    assert matches and matches[0].obj == places["zaitoun"]
    assert resolve_place(typed).place == places["zaitoun"]


def test_the_match_names_its_district_and_governorate(places):
    (match,) = find_places("Zaitoun")
    assert match.key == "LOC-1205"
    assert "Mosul" in match.context and "Ninewa" in match.context
    assert match.label == f"Tel Zaitoun — {match.context} (LOC-1205)"


def test_arabic_indic_digits_and_diacritics_are_read_as_typed(places):
    assert resolve_place("LOC-١٢٠٥").place == places["zaitoun"]
    assert resolve_place("LOC-۱۲۰۵").place == places["zaitoun"]
    assert resolve_place("تَلّ الزَّيْتُون").place == places["zaitoun"]


def test_two_places_of_one_name_are_not_guessed_between(places):
    resolution = resolve_place("Al-Qayyarah")
    assert resolution.place is None
    assert {m.key for m in resolution.matches} == {"LOC-3001", "LOC-3002"}
    assert resolve_place("Al-Qayyarah — Anbar (LOC-3002)").place == places["qayyarah_2"]


def test_an_area_is_found_by_name_or_pcode(geography):
    assert resolve_place("IQG15Q05", "area").place.name_en == "Al-Mosul"
    assert any(m.key == "IQG15Q05" for m in find_places("Mosul", "area"))


def test_the_field_lists_the_matches_when_a_name_is_ambiguous(places):
    field = PlaceField("location")
    with pytest.raises(Exception) as error:
        field.clean("القيارة")
    assert "LOC-3001" in str(error.value) and "LOC-3002" in str(error.value)
    assert field.clean("LOC-3001") == places["qayyarah_1"]


def test_the_field_keeps_to_its_queryset(places):
    site = site_in("IQG15Q05N01", external_id="S-9", name="Hammam al-Alil 9")
    field = PlaceField("site", queryset=Site.objects.exclude(pk=site.pk))
    with pytest.raises(Exception, match="No place matches"):
        field.clean("S-9")
    assert PlaceField("site").clean("hammam al-alil 9") == site


def test_the_search_endpoint_answers_staff_and_refuses_an_unknown_kind(places, personas, login):
    client = login(personas["case_worker"])
    results = client.get("/geo/places/", {"kind": "location", "q": "زيتون"}).json()["results"]
    assert [r["key"] for r in results] == ["LOC-1205"]
    assert client.get("/geo/places/", {"kind": "person", "q": "x"}).status_code == 400


@given(st.text(max_size=30), st.integers(min_value=0, max_value=99999))
def test_clean_query_reads_every_digit_script_alike(text, number):
    ascii_number = str(number)
    assert clean_query(ascii_number.translate(EASTERN)) == ascii_number
    cleaned = clean_query(text)
    assert cleaned == clean_query(cleaned)
    assert "  " not in cleaned and cleaned == cleaned.strip()
