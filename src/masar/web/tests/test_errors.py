"""Refusals answer in the site's layout for people and as JSON for the API."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_missing_page_keeps_the_menu_and_the_users_language(personas, login, settings):
    client = login(personas["case_worker"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    response = client.get("/cases/not-a-case/")
    body = response.content.decode()
    assert response.status_code == 404
    assert 'dir="rtl"' in body and 'class="menu"' in body and "Not Found</h1>" not in body


def test_a_refused_page_explains_in_the_layout(personas, login):
    response = login(personas["partner"]).get("/indices/assess/")
    assert response.status_code == 403
    assert b'class="error-page"' in response.content and b'class="menu"' in response.content


def test_the_api_answers_json_for_paths_it_does_not_know(personas, api_as):
    response = api_as(personas["case_worker"]).get("/api/v1/households/%C2%84/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found"}


def test_a_server_error_renders_without_the_database(rf, django_assert_num_queries):
    from masar.web import errors

    with django_assert_num_queries(0):
        page = errors.server_error(rf.get("/cases/"))
        api = errors.server_error(rf.get("/api/v1/households/"))
    assert page.status_code == 500 and b"Something went wrong" in page.content
    assert api.status_code == 500 and api["Content-Type"] == "application/json"
