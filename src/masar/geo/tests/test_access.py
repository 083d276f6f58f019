"""A user scoped to Ninewa (IQG15) must not see Anbar's (IQG01) sites or locations."""

import pytest

from masar.geo.tests.factories import location_in, site_in


@pytest.fixture
def sites(personas):
    return {"ninewa": site_in("IQG15Q05N01"), "anbar": site_in("IQG01Q03N01")}


def test_a_site_out_of_the_users_governorates_answers_404_on_its_page(login, personas, sites):
    client = login(personas["case_worker"])
    assert client.get(f"/geo/sites/{sites['ninewa'].uid}/").status_code == 200
    assert client.get(f"/geo/sites/{sites['anbar'].uid}/").status_code == 404


def test_a_site_out_of_the_users_governorates_answers_404_in_the_api(api_as, personas, sites):
    api = api_as(personas["case_worker"])
    assert api.get(f"/api/v1/sites/{sites['ninewa'].uid}/").status_code == 200
    response = api.get(f"/api/v1/sites/{sites['anbar'].uid}/")
    assert response.status_code == 404


def test_site_lists_hold_only_sites_in_scope(login, api_as, personas, sites):
    page = login(personas["case_worker"]).get("/geo/sites/").content.decode()
    assert sites["ninewa"].name in page
    assert sites["anbar"].name not in page
    listed = api_as(personas["case_worker"]).get("/api/v1/sites/").json()["results"]
    assert [row["uid"] for row in listed] == [str(sites["ninewa"].uid)]


def test_national_roles_see_every_governorate(api_as, personas, sites):
    listed = api_as(personas["im_officer"]).get("/api/v1/sites/").json()["results"]
    assert {row["uid"] for row in listed} == {str(s.uid) for s in sites.values()}


def test_locations_are_scoped_the_same_way(login, api_as, personas):
    inside, outside = location_in("IQG15Q05N01"), location_in("IQG01Q03N01")
    client = login(personas["case_worker"])
    assert client.get(f"/geo/locations/{inside.uid}/").status_code == 200
    assert client.get(f"/geo/locations/{outside.uid}/").status_code == 404
    assert (
        api_as(personas["case_worker"]).get(f"/api/v1/locations/{outside.uid}/").status_code == 404
    )


def test_anonymous_visitors_are_sent_to_sign_in_and_refused_by_the_api(client, api_as, sites):
    response = client.get(f"/geo/sites/{sites['ninewa'].uid}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert api_as().get("/api/v1/sites/").status_code == 401


def test_a_user_without_membership_sees_no_sites(django_user_model, login, sites):
    nobody = django_user_model.objects.create_user("nobody", password="x")
    assert login(nobody).get(f"/geo/sites/{sites['ninewa'].uid}/").status_code == 404
