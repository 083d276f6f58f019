"""The case pages through HTTP: registration, search, next steps, stale forms, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masar.cases.models import Household
from masar.geo.tests.factories import location_in, site_in

from .factories import register, walk_to

pytestmark = pytest.mark.django_db


def registration_post(site, destination, **extra):
    return {
        "current_site": site.external_id,
        "pathway": "return",
        "destination": destination.external_id,
        "registration_channel": "help_desk",
        "consent_informed": "on",
        "consent_voluntary": "on",
        "m-TOTAL_FORMS": "2",
        "m-INITIAL_FORMS": "0",
        "m-MIN_NUM_FORMS": "1",
        "m-MAX_NUM_FORMS": "30",
        "m-0-relationship": "head",
        "m-0-given_name": "أحمد",
        "m-0-father_name": "خليل",
        "m-0-grandfather_name": "إبراهيم",
        "m-0-sex": "m",
        "m-0-birth_year": "١٩٨٥",
        "m-0-phone": "٠٧٧٠١٢٣٤٥٦٧",
        "m-1-relationship": "child",
        "m-1-given_name": "مريم",
        "m-1-sex": "f",
        "m-1-birth_year": "2015",
        **extra,
    }


def test_registering_through_the_form_creates_the_case_and_shows_it(personas, client):
    client.force_login(personas["case_worker"])
    site, destination = site_in("IQG15Q05N01"), location_in("IQG15Q05N01")
    response = client.post("/cases/register/", registration_post(site, destination))
    assert response.status_code == 302
    household = Household.objects.get()
    assert household.members.count() == 2
    assert household.members.get(relationship="head").phone == "07701234567"
    page = client.get(response.url).content.decode()
    assert household.case_number in page
    assert "Record assessment" in page


def test_an_invalid_registration_keeps_what_was_typed(personas, client):
    client.force_login(personas["case_worker"])
    site, destination = site_in("IQG15Q05N01"), location_in("IQG15Q05N01")
    data = registration_post(site, destination, **{"m-0-relationship": "spouse"})
    response = client.post("/cases/register/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "exactly one head of household" in body
    assert "أحمد" in body
    assert not Household.objects.exists()


def test_search_finds_a_case_by_name_spelling_phone_and_number(personas, client):
    worker = personas["case_worker"]
    household = register(worker)
    client.force_login(worker)
    for query in ("علي حسين", "علی", household.case_number):
        body = client.post("/cases/", {"q": query}, follow=True).content.decode()
        assert household.case_number in body, query
    body = client.post("/cases/", {"q": "سعيد"}, follow=True).content.decode()
    assert household.case_number not in body


def test_the_case_page_names_what_is_missing_for_each_step(personas, client):
    worker = personas["case_worker"]
    household = walk_to("cleared", worker, register(worker))
    client.force_login(worker)
    body = client.get(f"/cases/{household.uid}/").content.decode()
    assert "Schedule departure" in body
    assert "a destination assessment of the destination location" in body


def test_a_stale_form_is_refused_with_a_clear_message(personas, client):
    worker = personas["case_worker"]
    household = register(worker)
    client.force_login(worker)
    stale = household.version
    client.post(
        f"/cases/{household.uid}/consent/",
        {"version": stale, "consent_informed": "on", "consent_voluntary": "on"},
    )
    response = client.post(
        f"/cases/{household.uid}/do/assess/",
        {"version": stale, "assessed_on": "2026-01-05", **_no_needs()},
        follow=True,
    )
    assert "changed by someone else" in response.content.decode()
    household.refresh_from_db()
    assert household.state == "registered"


def _no_needs():
    from masar.cases.choices import Sector

    return {f"severity_{s}": "0" for s in Sector.values}


def test_the_workflow_runs_through_the_pages(personas, client):
    worker = personas["case_worker"]
    household = register(worker)
    client.force_login(worker)

    def post(action, **data):
        household.refresh_from_db()
        response = client.post(
            f"/cases/{household.uid}/do/{action}/", {"version": household.version, **data}
        )
        assert response.status_code == 302, response.content.decode()[:2000]

    post("assess", assessed_on="2026-01-05", **_no_needs())
    post("request_clearance", requested_on="2026-01-06")
    household.refresh_from_db()
    refused = client.post(
        f"/cases/{household.uid}/do/grant_clearance/",
        {"version": household.version, "decided_on": "2026-01-10"},
    )
    assert refused.status_code == 403 and "cannot do this" in refused.content.decode()
    client.force_login(personas["government"])
    post("grant_clearance", decided_on="2026-01-10", reference="R-1")
    household.refresh_from_db()
    assert household.state == "cleared"


def test_case_list_and_case_page_queries_do_not_grow_with_the_registry(personas, client):
    worker = personas["case_worker"]
    client.force_login(worker)
    first = register(worker)

    def count(path):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    client.get("/")  # the session's last-seen stamp is written now, not in what is counted
    small_list, small_page = count("/cases/"), count(f"/cases/{first.uid}/")
    for _ in range(6):
        walk_to("arrived", worker, register(worker))
    assert count("/cases/") == small_list
    big = walk_to("arrived", worker, register(worker))
    assert count(f"/cases/{big.uid}/") <= small_page + 3  # follow-ups and arrival sections appear
    assert count(f"/cases/{big.uid}/") == count(f"/cases/{big.uid}/")


def test_members_are_added_and_the_destination_changed_from_the_case(personas, client):
    worker = personas["case_worker"]
    household = register(worker)
    client.force_login(worker)
    response = client.post(
        f"/cases/{household.uid}/members/add/",
        {"version": household.version, "relationship": "child", "given_name": "سلمى", "sex": "f"},
    )
    assert response.status_code == 302
    assert household.members.count() == 3
    household.refresh_from_db()
    other = location_in("IQG15Q05N01", external_id="NEW-1")
    response = client.post(
        f"/cases/{household.uid}/edit/",
        {
            "version": household.version,
            "current_site": household.current_site.external_id,
            "pathway": "relocation",
            "destination": "NEW-1",
            "registration_channel": "help_line",
        },
    )
    assert response.status_code == 302
    household.refresh_from_db()
    assert (household.destination, household.pathway) == (other, "relocation")
    assert household.events.filter(kind="update").count() == 2


def test_the_departure_manifest_prints_as_pdf_and_xlsx(personas, client):
    from datetime import timedelta

    from django.utils import timezone

    from masar.cases import actions

    worker = personas["case_worker"]
    household = walk_to("departure_scheduled", worker, register(worker))
    departure_list = actions.create_departure_list(
        worker, household.current_site, timezone.localdate() + timedelta(days=3)
    )
    actions.add_to_departure_list(worker, departure_list, household)
    client.force_login(worker)
    pdf = client.get(f"/cases/departures/{departure_list.uid}/manifest.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(f"/cases/departures/{departure_list.uid}/manifest.xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    client.post(f"/cases/departures/{departure_list.uid}/", {"depart": "1"})
    household.refresh_from_db()
    assert household.state == "departed"
    client.force_login(personas["other_case_worker"])
    assert client.get(f"/cases/departures/{departure_list.uid}/manifest.pdf").status_code == 404


def test_a_token_for_the_api_is_made_with_create_api_token(personas, run_command, api_as):
    code, out, _err = run_command("create_api_token", "cw_ninewa")
    assert code == 0
    token = out.strip()
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/households/").status_code == 200


def test_the_case_list_is_for_case_roles_and_registering_for_case_workers(personas, client):
    client.force_login(personas["im_officer"])
    assert client.get("/cases/").status_code == 404
    client.force_login(personas["government"])
    page = client.get("/cases/")
    assert page.status_code == 200
    assert "/cases/register/" not in page.content.decode()
    client.force_login(personas["case_worker"])
    assert "/cases/register/" in client.get("/cases/").content.decode()
