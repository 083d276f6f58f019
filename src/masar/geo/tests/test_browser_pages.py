import pytest

from masar.geo.tests.factories import location_in


def test_the_country_page_lists_all_governorates(login, personas):
    page = login(personas["case_worker"]).get("/geo/areas/IQ/").content.decode()
    for name in ("Ninewa", "Al-Anbar", "Duhok", "Wassit"):
        assert name in page


def test_a_governorate_page_lists_its_districts_with_scoped_location_counts(login, personas):
    location_in("IQG15Q05N01")
    location_in("IQG15Q05N01")
    response = login(personas["case_worker"]).get("/geo/areas/IQG15/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('href="/geo/areas/IQG15Q') == 9
    mosul = next(c for c in response.context["children"] if c.pcode == "IQG15Q05")
    assert mosul.location_count == 2


def test_a_district_page_lists_locations_the_user_may_see(login, personas):
    location_in("IQG15Q05N01", name_en="Hay Test Village")
    html = login(personas["case_worker"]).get("/geo/areas/IQG15Q05/").content.decode()
    assert "Hay Test Village" in html


def test_the_map_data_has_child_outlines_and_location_points(login, personas):
    location_in("IQG15Q05N01", latitude=36.3, longitude=43.1)
    data = login(personas["case_worker"]).get("/geo/areas/IQG15/map.geojson").json()
    kinds = [f["properties"]["kind"] for f in data["features"]]
    assert kinds.count("area") == 9
    assert kinds.count("location") == 1


def test_an_unknown_area_answers_404(login, personas):
    assert login(personas["case_worker"]).get("/geo/areas/IQG99/").status_code == 404


@pytest.mark.parametrize("language", ["ar", "ckb"])
def test_area_pages_show_arabic_script_names_right_to_left(login, personas, language):
    client = login(personas["case_worker"])
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    html = client.get("/geo/areas/IQG15/").content.decode()
    assert 'dir="rtl"' in html
    assert "الموصل" in html
