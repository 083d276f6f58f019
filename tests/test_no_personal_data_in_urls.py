"""No name, phone, ID number or free text in a URL: searches are posted and come back as an
opaque key, referral forms opened from a record name the record and read its text on the
server, and the API refuses a search in the query string."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
import time_machine
from rest_framework.test import APIClient

from masar.cases import actions as cases
from masar.cases.tests.factories import register, walk_to
from masar.feedback.tests.test_tickets import new_ticket
from masar.lib.dates import BAGHDAD

TODAY = date(2026, 3, 10)
PHONE = "07701110001"

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.combine(TODAY, time(10), tzinfo=BAGHDAD), tick=False):
        yield


def visited(response) -> list[str]:
    return [url for url, _status in response.redirect_chain] + [response.request["PATH_INFO"]]


def test_a_case_search_is_posted_and_its_url_carries_a_key_not_the_phone(personas, client):
    worker = personas["case_worker"]
    wanted = register(worker)
    wanted.members.filter(relationship="head").update(phone=PHONE)
    for _ in range(26):  # a second page of results: the key must survive paging
        register(worker).members.filter(relationship="head").update(phone=PHONE)
    client.force_login(worker)
    response = client.post("/cases/", {"q": PHONE}, follow=True)
    assert response.status_code == 200
    urls = visited(response)
    assert urls[0].startswith("/cases/?search=")
    assert all(PHONE not in url for url in urls)
    assert all(PHONE[-7:] not in url for url in urls)
    body = response.content.decode()
    key = urls[0].split("search=")[1]
    assert f"search={key}" in body and "page=2" in body
    second = client.get("/cases/", {"search": key, "page": 2})
    assert len(second.context["page"].object_list) == 2
    assert second.context["page"].paginator.count == 27
    other = register(worker)
    assert other.case_number not in body + second.content.decode()


def test_a_search_key_means_nothing_in_another_session(personas, client):
    worker = personas["case_worker"]
    register(worker).members.filter(relationship="head").update(phone=PHONE)
    register(worker)
    client.force_login(worker)
    key = client.post("/cases/", {"q": PHONE})["Location"].split("search=")[1]
    assert client.get("/cases/", {"search": key}).context["page"].paginator.count == 1
    client.logout()
    client.force_login(worker)
    assert client.get("/cases/", {"search": key}).context["page"].paginator.count == 2


def test_a_ticket_search_is_posted_and_its_url_carries_no_name(personas, client):
    officer = personas["cfm_officer"]
    ticket = new_ticket(officer, contact_name="Layla Kareem")
    new_ticket(officer, contact_name="Someone Else")
    client.force_login(officer)
    response = client.post("/feedback/", {"q": "Layla", "status": "new"}, follow=True)
    urls = visited(response)
    assert all("Layla" not in url for url in urls)
    assert "status=new" in urls[0]
    assert [t.pk for t in response.context["page"].object_list] == [ticket.pk]
    export = client.get(urls[0] + "&format=csv").content.decode("utf-8-sig")
    assert ticket.reference in export and export.count("\n") == 3  # hashtags, header, one row


def test_the_referral_link_from_a_ticket_names_the_ticket_not_its_text(personas, client):
    worker = personas["case_worker"]
    household = register(worker)
    text = "survivor of GBV needs safe shelter"
    ticket = new_ticket(personas["cfm_officer"], household=household, description=text)
    client.force_login(worker)
    page = client.get(f"/feedback/{ticket.uid}/").content.decode()
    link = f"/referrals/new/{household.uid}/?ticket={ticket.uid}"
    assert link in page
    assert "survivor" not in page.split("Refer to a partner")[0].rsplit("href=", 1)[1]
    form = client.get(link).context["form"]
    assert form.initial["need"] == text and form.initial["reason"] == ticket.reference


def test_a_ticket_of_another_household_prefills_nothing(personas, client):
    worker = personas["case_worker"]
    household, other = register(worker), register(worker)
    ticket = new_ticket(personas["cfm_officer"], household=other, description="Private words")
    client.force_login(worker)
    form = client.get(f"/referrals/new/{household.uid}/?ticket={ticket.uid}").context["form"]
    assert form.initial.get("need", "") == ""


def test_a_follow_up_that_finds_a_need_redirects_without_the_need(personas, client):
    worker = personas["case_worker"]
    household = walk_to("departed", worker, register(worker))
    household = cases.transition(worker, household, "arrive", {"arrived_on": TODAY})
    item = household.follow_ups.get(kind="check_in")
    client.force_login(worker)
    response = client.post(
        f"/cases/{household.uid}/follow-ups/{item.uid}/",
        {
            "complete": "1",
            "completed_on": TODAY.isoformat(),
            "protection_risk": "on",
            "referral_need": "child labour at the brick kiln",
            "early_reason": "The family called in distress",
        },
    )
    assert response.status_code == 302
    location = response["Location"]
    assert location == f"/referrals/new/{household.uid}/?follow_up={item.uid}"
    form = client.get(location).context["form"]
    assert form.initial["need"] == "child labour at the brick kiln"
    assert "check" in form.initial["reason"].lower()


@pytest.mark.parametrize("path", ["/api/v1/households/", "/api/v1/tickets/"])
@pytest.mark.parametrize("param", ["search", "q"])
def test_the_api_refuses_a_search_in_the_query_string(path, param, personas):
    api = APIClient()
    api.force_authenticate(personas["admin"])
    response = api.get(path, {param: PHONE})
    assert response.status_code == 400
    assert "POST" in response.json()["detail"]


def test_the_api_searches_by_post(personas):
    worker = personas["case_worker"]
    wanted = register(worker)
    wanted.members.filter(relationship="head").update(phone=PHONE)
    register(worker)
    ticket = new_ticket(personas["cfm_officer"], contact_phone=PHONE, household=wanted)
    new_ticket(personas["cfm_officer"])
    api = APIClient()
    api.force_authenticate(worker)
    found = api.post("/api/v1/households/search/", {"search": PHONE}, format="json").json()
    assert [h["uid"] for h in found["results"]] == [str(wanted.uid)]
    api.force_authenticate(personas["cfm_officer"])
    found = api.post("/api/v1/tickets/search/", {"search": PHONE}, format="json").json()
    assert [t["uid"] for t in found["results"]] == [str(ticket.uid)]
