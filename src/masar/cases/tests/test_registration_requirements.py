"""What a help desk must record to register a household, refused alike by every door."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from masar.cases import actions
from masar.cases.models import Household, Member
from masar.geo.tests.factories import location_in, site_in

from .factories import HEAD, SPOUSE
from .test_pages import registration_post

pytestmark = pytest.mark.django_db

# A registration day at a Mosul help desk (the clock is read for the case number and date).
MORNING = datetime(2026, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Baghdad"))


def household(**changes):
    data = {
        "current_site": site_in("IQG15Q05N01"),
        "destination": location_in("IQG15Q05N01"),
        "pathway": "return",
        "consent_informed": True,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize(
    ("missing", "named"),
    [
        ("current_site", "current site"),
        ("pathway", "intended pathway"),
        ("consent_informed", "Informed consent given"),
    ],
)
def test_registration_is_refused_without_each_household_field(personas, missing, named):
    with time_machine.travel(MORNING, tick=False), pytest.raises(ValidationError) as refused:
        actions.register_household(
            personas["case_worker"], household(**{missing: None}), [HEAD, SPOUSE]
        )
    assert any(named in message for message in refused.value.messages)
    assert not Household.objects.exists()


@pytest.mark.parametrize(
    ("missing", "named"),
    [
        ("given_name", "given name"),
        ("father_name", "father's name"),
        ("grandfather_name", "grandfather's name"),
        ("sex", "sex"),
        ("birth_year", "year of birth"),
    ],
)
def test_registration_is_refused_without_each_field_of_the_head(personas, missing, named):
    head = {key: value for key, value in HEAD.items() if key != missing}
    with time_machine.travel(MORNING, tick=False), pytest.raises(ValidationError) as refused:
        actions.register_household(personas["case_worker"], household(), [head, SPOUSE])
    assert any(
        "head of household" in message and named in message for message in refused.value.messages
    ), refused.value.messages
    assert not Household.objects.exists()


def test_a_date_of_birth_stands_for_the_year_and_other_members_need_less(personas):
    head = {**{k: v for k, v in HEAD.items() if k != "birth_year"}, "date_of_birth": "1985-04-02"}
    child = {"relationship": "child", "given_name": "مريم", "sex": "f"}
    with time_machine.travel(MORNING, tick=False):
        registered = actions.register_household(personas["case_worker"], household(), [head, child])
    assert registered.registered_on.isoformat() == "2026-03-01"
    assert registered.members.count() == 2


def test_the_registration_page_offers_no_default_sex_or_pathway(personas, client):
    client.force_login(personas["case_worker"])
    page = client.get("/cases/register/").content.decode()
    assert '<option value="" selected>—</option>\n\n  <option value="f">' in page
    assert '<option value="f" selected' not in page
    assert '<option value="return" selected' not in page


def test_the_page_marks_required_fields_and_names_each_missing_one(personas, client):
    client.force_login(personas["case_worker"])
    page = client.get("/cases/register/").content.decode()
    assert 'class="field required"' in page
    assert '<span class="visually-hidden"> (required for the head of household)</span>' in page
    site, destination = site_in("IQG15Q05N01"), location_in("IQG15Q05N01")
    post = registration_post(site, destination)
    for name in ("pathway", "consent_informed", "m-0-sex", "m-0-grandfather_name"):
        del post[name]
    with time_machine.travel(MORNING, tick=False):
        response = client.post("/cases/register/", post)
    assert response.status_code == 200
    body = response.content.decode()
    summary = body[body.index('id="error-summary"') : body.index("</section>")]
    assert "Choose the household&#x27;s intended pathway." in summary
    assert "Informed consent given" in summary
    assert "Member 1 · Sex" in summary and "Member 1 · Grandfather&#x27;s name" in summary
    assert '<a href="#id_m-0-sex">' in summary
    # ... and beside each field.
    assert body.count("Give the head of household&#x27;s grandfather&#x27;s name.") == 2
    assert not Household.objects.exists()


def test_a_year_of_birth_in_arabic_indic_digits_is_registered(personas, client):
    client.force_login(personas["case_worker"])
    site, destination = site_in("IQG15Q05N01"), location_in("IQG15Q05N01")
    post = registration_post(site, destination, **{"m-1-birth_year": "۲۰۱۵"})
    assert post["m-0-birth_year"] == "١٩٨٥"
    with time_machine.travel(MORNING, tick=False):
        response = client.post("/cases/register/", post)
    assert response.status_code == 302
    years = Household.objects.get().members.order_by("id").values_list("birth_year", flat=True)
    assert list(years) == [1985, 2015]


def test_the_api_refuses_a_registration_without_a_pathway_or_the_heads_names(personas, api_as):
    api = api_as(personas["case_worker"])
    site = site_in("IQG15Q05N01")
    body = {
        "site": site.external_id,
        "consent_informed": True,
        "members": [{"relationship": "head", "given_name": "حسن", "sex": "m"}],
    }
    with time_machine.travel(MORNING, tick=False):
        without_pathway = api.post("/api/v1/households/", body, format="json")
        assert without_pathway.status_code == 400
        assert "pathway" in without_pathway.json()
        body["pathway"] = "return"
        without_names = api.post("/api/v1/households/", body, format="json")
    assert without_names.status_code == 400
    detail = without_names.json()["detail"]
    assert "father's name" in detail and "grandfather's name" in detail
    assert "date of birth, year of birth or age" in detail
    assert not Household.objects.exists()


@pytest.mark.parametrize(
    ("day", "year"),
    [
        # Just after midnight in Baghdad on New Year's Day (still 31 December in UTC).
        (datetime(2026, 1, 1, 0, 5, tzinfo=ZoneInfo("Asia/Baghdad")), 1986),
        (datetime(2025, 12, 31, 23, 55, tzinfo=ZoneInfo("Asia/Baghdad")), 1985),
    ],
)
def test_an_age_stands_for_the_year_of_birth_counted_from_the_registration_day(personas, day, year):
    head = {**{k: v for k, v in HEAD.items() if k != "birth_year"}, "age": 40}
    with time_machine.travel(day, tick=False):
        registered = actions.register_household(personas["case_worker"], household(), [head])
    assert registered.members.get().birth_year == year


def test_an_age_in_arabic_indic_digits_is_taken_on_the_page_and_through_the_api(
    personas, client, api_as
):
    client.force_login(personas["case_worker"])
    site, destination = site_in("IQG15Q05N01"), location_in("IQG15Q05N01")
    post = registration_post(site, destination, **{"m-0-birth_year": "", "m-0-age": "٤١"})
    with time_machine.travel(MORNING, tick=False):
        assert client.post("/cases/register/", post).status_code == 302
        api = api_as(personas["case_worker"])
        body = {
            "site": site.external_id,
            "pathway": "local_integration",
            "consent_informed": True,
            "members": [
                {**{k: v for k, v in HEAD.items() if k != "birth_year"}, "age": "۳۰"},
            ],
        }
        created = api.post("/api/v1/households/", body, format="json")
    assert created.status_code == 201, created.content
    heads = Member.objects.filter(relationship="head").order_by("household_id")
    assert list(heads.values_list("birth_year", flat=True)) == [1985, 1996]
