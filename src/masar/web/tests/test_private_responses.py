"""Answers to a signed-in user are never stored by a cache; public ones are left as they were."""

import pytest

from masar.cases.tests.factories import register

pytestmark = pytest.mark.django_db


def vary(response) -> set[str]:
    return {v.strip().lower() for v in response.get("Vary", "").split(",")}


def test_a_case_page_is_not_stored(personas, login):
    household = register(personas["case_worker"])
    response = login(personas["case_worker"]).get(f"/cases/{household.uid}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "cookie" in vary(response)


def test_a_case_out_of_scope_answers_404_and_is_not_stored_either(personas, login):
    household = register(personas["case_worker"])
    response = login(personas["other_case_worker"]).get(f"/cases/{household.uid}/")
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-store"


def test_an_api_list_read_with_a_token_is_not_stored(personas, api_as):
    register(personas["case_worker"])
    response = api_as(personas["case_worker"]).get("/api/v1/households/")
    assert response.status_code == 200
    assert response.json()["results"]
    assert response["Cache-Control"] == "no-store"
    assert "cookie" in vary(response)


def test_the_sign_in_page_and_an_anonymous_api_call_keep_their_headers(client, api_as):
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    # Django's own `never_cache` header on the sign-in view, not replaced.
    assert page["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    refused = api_as().get("/api/v1/households/")
    assert refused.status_code in (401, 403)
    assert "no-store" not in refused.get("Cache-Control", "")


def test_static_files_stay_cacheable_for_a_signed_in_user(personas, login):
    response = login(personas["case_worker"]).get("/static/masar/map.js")
    assert response.status_code == 200
    assert "no-store" not in response["Cache-Control"]
    assert "max-age" in response["Cache-Control"]
