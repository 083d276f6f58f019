"""Refusals and failures answer in the site's layout and the user's language for people, with
a sentence saying what to do and a way home, and as JSON for the API."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db import OperationalError
from django.utils import translation
from django.utils.functional import SimpleLazyObject

pytestmark = pytest.mark.django_db


def in_layout(body: str, heading: str) -> bool:
    """The page has the menu, the language switch, the error's heading and a link home."""
    return (
        'class="menu"' in body
        and 'class="lang"' in body
        and heading in body
        and 'class="error-page"' in body
        and '<a href="/">' in body
    )


def test_a_missing_page_keeps_the_menu_and_the_users_language(personas, login, settings):
    client = login(personas["case_worker"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    response = client.get("/cases/not-a-case/")
    body = response.content.decode()
    assert response.status_code == 404
    assert 'dir="rtl"' in body and "Not Found</h1>" not in body
    assert in_layout(body, "غير موجود <small>(404)</small>")


def test_a_refused_page_explains_in_the_layout(personas, login):
    response = login(personas["partner"]).get("/indices/assess/")
    body = response.content.decode()
    assert response.status_code == 403
    assert in_layout(body, "Not allowed <small>(403)</small>")
    assert "Ask your supervisor" in body


def test_a_refused_page_is_in_arabic_for_an_arabic_browser(personas, login):
    response = login(personas["partner"]).get("/indices/assess/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 403
    assert in_layout(response.content.decode(), "غير مسموح <small>(403)</small>")


def test_a_bad_request_explains_in_the_layout_and_the_users_language(personas, login):
    client = login(personas["case_worker"])
    response = client.get("/cases/", {"q": "a\x00b"}, HTTP_ACCEPT_LANGUAGE="ar")
    body = response.content.decode()
    assert response.status_code == 400
    assert 'dir="rtl"' in body and in_layout(body, "طلب غير صالح <small>(400)</small>")


def test_too_many_sign_in_attempts_answer_in_the_layout(client):
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            "/accounts/login/",
            {"username": "cw_ninewa", "password": f"wrong-{n}"},
            REMOTE_ADDR="203.0.113.9",
            HTTP_ACCEPT_LANGUAGE="ar",
        )
    body = response.content.decode()
    assert response.status_code == 429
    assert AccessAttempt.objects.filter(ip_address="203.0.113.9").exists()
    assert 'dir="rtl"' in body and 'class="menu"' in body and 'class="lang"' in body


def test_the_too_many_requests_page_is_in_the_layout(rf, personas):
    from masar.web import errors

    request = rf.get("/feedback/")
    request.user = personas["cfm_officer"]
    with translation.override("ar"):
        body = errors.too_many_requests(request).content.decode()
    assert in_layout(body, "طلبات كثيرة جدًا <small>(429)</small>")


@pytest.fixture
def failing_site(settings, client):
    settings.ROOT_URLCONF = "masar.web.tests.failing_urls"
    settings.DEBUG = False
    client.raise_request_exception = False
    return client


def test_a_server_error_is_drawn_in_the_layout_in_the_users_language(failing_site, personas, login):
    client = login(personas["case_worker"])
    response = client.get("/fail/", HTTP_ACCEPT_LANGUAGE="ar")
    body = response.content.decode()
    assert response.status_code == 500
    assert 'dir="rtl"' in body and in_layout(body, "حدث خطأ <small>(500)</small>")
    assert "a bug in a view" not in body


def test_a_server_error_in_english_says_what_to_do(failing_site, personas, login):
    response = login(personas["case_worker"]).get("/fail/")
    body = response.content.decode()
    assert response.status_code == 500
    assert in_layout(body, "Something went wrong <small>(500)</small>")
    assert "tell your administrator the time it happened" in body


def test_a_server_error_falls_back_to_a_page_without_the_database(rf, django_assert_num_queries):
    from masar.web import errors

    def database_down():
        raise OperationalError("the database is down")

    request = rf.get("/cases/")
    request.user = SimpleLazyObject(database_down)
    with django_assert_num_queries(0), translation.override("ar"):
        page = errors.server_error(request)
        api = errors.server_error(rf.get("/api/v1/households/"))
    body = page.content.decode()
    assert page.status_code == 500 and 'class="menu"' not in body
    assert 'dir="rtl"' in body and "حدث خطأ" in body and '<a href="/">' in body
    assert api.status_code == 500 and api["Content-Type"] == "application/json"


def test_the_api_answers_json_for_paths_it_does_not_know(personas, api_as):
    response = api_as(personas["case_worker"]).get("/api/v1/households/%C2%84/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found"}
