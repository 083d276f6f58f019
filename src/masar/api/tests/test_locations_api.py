from masar.geo.tests.factories import location_in, site_in


def test_locations_filter_by_parent_area(api_as, personas):
    mosul = location_in("IQG15Q05N01")
    location_in("IQG15Q01N01")
    api = api_as(personas["im_officer"])
    rows = api.get("/api/v1/locations/", {"area": "IQG15Q05"}).json()["results"]
    assert [row["uid"] for row in rows] == [str(mosul.uid)]
    assert rows[0]["governorate"] == "IQG15"


def test_sites_filter_by_kind_and_area(api_as, personas):
    camp = site_in("IQG09Q02N01", kind="camp")
    site_in("IQG09Q02N01", kind="informal")
    api = api_as(personas["im_officer"])
    rows = api.get("/api/v1/sites/", {"kind": "camp", "area": "IQG09"}).json()["results"]
    assert [row["uid"] for row in rows] == [str(camp.uid)]
