"""A NUL character in anything a client sends is refused as bad input, never a server error.

PostgreSQL refuses NUL in every text column, so a lookup that passed one on would fail there
with a 500 (found by the API fuzzer); SQLite would store it."""

import pytest

from masar.cases.models import Household
from masar.feedback.models import Ticket

pytestmark = pytest.mark.django_db


def test_a_search_holding_a_nul_is_refused(personas, login):
    response = login(personas["case_worker"]).get("/cases/", {"q": "Ahmed\x00"})
    assert response.status_code == 400


def test_a_parameter_name_holding_a_nul_is_refused(personas, login):
    response = login(personas["case_worker"]).get("/cases/?st%00ate=open")
    assert response.status_code == 400


def test_a_path_holding_a_nul_is_refused(personas, login):
    response = login(personas["case_worker"]).get("/cases/%00/")
    assert response.status_code == 400


def test_a_form_field_holding_a_nul_is_refused_and_nothing_is_stored(client):
    response = client.post("/feedback/submit/", {"description": "water\x00", "channel": "web"})
    assert response.status_code == 400
    assert Ticket.objects.count() == 0


def test_a_place_lookup_holding_a_nul_is_refused(personas, login):
    response = login(personas["case_worker"]).get("/geo/places/", {"q": "\x00Mosul"})
    assert response.status_code == 400


def test_an_api_code_holding_a_nul_is_refused_with_the_field_named(personas, api_as):
    response = api_as(personas["case_worker"]).post(
        "/api/v1/households/",
        {"site": "S-\x00", "head": {"given_name": "Amal", "sex": "f"}},
        format="json",
    )
    assert response.status_code == 400
    assert "site" in response.json()
    assert Household.objects.count() == 0


def test_a_clean_search_still_answers(personas, login):
    response = login(personas["case_worker"]).get("/cases/", {"q": "Ahmed"})
    assert response.status_code == 200
