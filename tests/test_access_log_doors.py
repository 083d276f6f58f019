"""Every door that shows a person writes the access log: one row per record it showed, naming
the user, the door (page, API or export) and exactly the records on the page served.

Each row of DOORS is one door: who opens it, how (method and path, built from the records of
the `world`), which kind of record it shows, and which records it showed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from masar.accounts import access_chain
from masar.accounts.models import AccessLog
from masar.cases import actions as cases
from masar.cases.tests.factories import register, walk_to
from masar.dedup import actions as dedup
from masar.feedback.tests.test_tickets import new_ticket
from masar.lib.dates import BAGHDAD
from masar.referrals import actions as referrals
from masar.referrals.tests.factories import livelihoods_service, walk

TODAY = date(2026, 3, 10)


@pytest.fixture
def world(personas):
    """Cases of the Ninewa NGO (one on a departure list, one arrived with its follow-ups), a
    ticket and a referral about the first, a declined referral of the second, and a candidate
    duplicate pair."""
    with time_machine.travel(datetime.combine(TODAY, time(10), tzinfo=BAGHDAD), tick=False):
        worker = personas["case_worker"]
        first, second = register(worker), register(worker)
        leaving = walk_to("departure_scheduled", worker, register(worker))
        departure_list = cases.create_departure_list(worker, leaving.current_site, TODAY)
        cases.add_to_departure_list(worker, departure_list, leaving)
        arrived = walk_to("departed", worker, register(worker))
        arrived = cases.transition(worker, arrived, "arrive", {"arrived_on": TODAY})
        ticket = new_ticket(personas["cfm_officer"], household=first, description="No water")
        service = livelihoods_service(personas["partner"])
        referral = referrals.send_referral(worker, first, service, reason="Lost income")
        returned = referrals.send_referral(worker, second, service, reason="Lost income")
        returned = walk(returned, personas["partner"], "decline")
        pair = dedup.record_pair(first, second, probability=0.97, evidence={}, source="batch")
        return {
            "first": first,
            "second": second,
            "leaving": leaving,
            "arrived": arrived,
            "follow_up": arrived.follow_ups.order_by("due_from").first(),
            "departure_list": departure_list,
            "ticket": ticket,
            "referral": referral,
            "returned": returned,
            "pair": pair,
            "cases": [first, second, leaving, arrived],
        }


Records = Callable[[dict, Any], list]


@dataclass(frozen=True)
class Door:
    role: str
    method: str
    path: Callable[[dict], str]
    record_type: str
    shown: Records
    via: str = "page"
    action: str = "view"
    body: Callable[[dict], dict] | None = None
    days_later: int = 0


def case(name: str) -> Callable[[dict], str]:
    return lambda w: str(w[name].uid)


def records(*names: str) -> Records:
    return lambda w, _response: [w[name] for name in names]


def all_cases(w, _response):
    return w["cases"]


def worklist_cases(_w, response):
    lists = response.context
    follow_ups = [*lists["due"], *lists["overdue"]]
    return [
        *lists["mine"],
        *(f.household for f in follow_ups),
        *lists["clearances"],
        *lists["awaiting_override"],
    ]


def newest_case(w, _response):
    return [max(w["cases"], key=lambda h: (h.registered_on, h.pk))]


def arrived_follow_ups(w, _response):
    return list(w["arrived"].follow_ups.all())


def pair_sides(w, _response):
    return [w["first"], w["second"]]


A = "api"
DOORS = {
    # Case pages: the list, its filter and its search, the case, its edit and follow-up pages.
    "case list": Door("case_worker", "get", lambda w: "/cases/", "household", all_cases),
    "case list filtered": Door(
        "case_worker",
        "get",
        lambda w: "/cases/?state=departure_scheduled",
        "household",
        records("leaving"),
    ),
    "case search": Door(
        "case_worker",
        "post",
        lambda w: "/cases/",
        "household",
        records("first"),
        body=lambda w: {"q": w["first"].case_number},
    ),
    "case page": Door(
        "case_worker", "get", lambda w: f"/cases/{w['first'].uid}/", "household", records("first")
    ),
    "referrals on the case page": Door(
        "case_worker",
        "get",
        lambda w: f"/cases/{w['first'].uid}/",
        "referral",
        records("referral"),
    ),
    "edit household": Door(
        "case_worker",
        "get",
        lambda w: f"/cases/{w['first'].uid}/edit/",
        "household",
        records("first"),
    ),
    "consent": Door(
        "case_worker",
        "get",
        lambda w: f"/cases/{w['first'].uid}/consent/",
        "household",
        records("first"),
    ),
    "add member": Door(
        "case_worker",
        "get",
        lambda w: f"/cases/{w['first'].uid}/members/add/",
        "household",
        records("first"),
    ),
    "add visit": Door(
        "case_worker",
        "get",
        lambda w: f"/cases/{w['first'].uid}/visits/add/",
        "household",
        records("first"),
    ),
    "approve a grant": Door(
        "case_worker",
        "get",
        lambda w: f"/cases/{w['first'].uid}/payments/add/",
        "household",
        records("first"),
    ),
    "workflow action": Door(
        "case_worker",
        "get",
        lambda w: f"/cases/{w['first'].uid}/do/assess/",
        "household",
        records("first"),
    ),
    "override": Door(
        "supervisor",
        "get",
        lambda w: f"/cases/{w['first'].uid}/override/",
        "household",
        records("first"),
    ),
    "follow-up (check-in)": Door(
        "case_worker",
        "get",
        lambda w: f"/cases/{w['arrived'].uid}/follow-ups/{w['follow_up'].uid}/",
        "household",
        records("arrived"),
    ),
    "correct arrival": Door(
        "case_worker",
        "get",
        lambda w: f"/cases/{w['arrived'].uid}/arrival/correct/",
        "household",
        records("arrived"),
    ),
    "worklists": Door(
        "case_worker", "get", lambda w: "/cases/worklists/", "household", worklist_cases
    ),
    "departure list": Door(
        "case_worker",
        "get",
        lambda w: f"/cases/departures/{w['departure_list'].uid}/",
        "household",
        records("leaving"),
    ),
    "manifest xlsx": Door(
        "case_worker",
        "get",
        lambda w: f"/cases/departures/{w['departure_list'].uid}/manifest.xlsx",
        "household",
        records("leaving"),
        via="export",
        action="export",
    ),
    "manifest pdf": Door(
        "case_worker",
        "get",
        lambda w: f"/cases/departures/{w['departure_list'].uid}/manifest.pdf",
        "household",
        records("leaving"),
        via="export",
        action="export",
    ),
    # Households and follow-ups over the API: lists log their page only.
    "api households": Door("case_worker", "get", lambda w: "/api/v1/households/", "household",
                           all_cases, via=A),
    "api households, one page": Door("case_worker", "get",
                                     lambda w: "/api/v1/households/?limit=1", "household",
                                     newest_case, via=A),
    "api household search": Door("case_worker", "post", lambda w: "/api/v1/households/search/",
                                 "household", records("first"), via=A,
                                 body=lambda w: {"search": w["first"].case_number}),
    "api household": Door("case_worker", "get", lambda w: f"/api/v1/households/{w['first'].uid}/",
                          "household", records("first"), via=A),
    "api payments": Door("case_worker", "get",
                         lambda w: f"/api/v1/households/{w['first'].uid}/payments/", "household",
                         records("first"), via=A),
    "api follow-ups": Door("case_worker", "get", lambda w: "/api/v1/follow-ups/", "follow_up",
                           arrived_follow_ups, via=A),
    "api follow-up": Door("case_worker", "get",
                          lambda w: f"/api/v1/follow-ups/{w['follow_up'].uid}/", "follow_up",
                          records("follow_up"), via=A),
    # Tickets: the list and worklist, the search, the export, the ticket, the API.
    "ticket list": Door("cfm_officer", "get", lambda w: "/feedback/", "ticket", records("ticket")),
    "ticket list of a case worker": Door("case_worker", "get", lambda w: "/feedback/", "ticket",
                                         records("ticket")),
    "ticket search": Door("cfm_officer", "post", lambda w: "/feedback/", "ticket",
                          records("ticket"), body=lambda w: {"q": "No water"}),
    "ticket export": Door("cfm_officer", "get", lambda w: "/feedback/?format=csv", "ticket",
                          records("ticket"), via="export", action="export"),
    "ticket page": Door("cfm_officer", "get", lambda w: f"/feedback/{w['ticket'].uid}/", "ticket",
                        records("ticket")),
    "api tickets": Door("cfm_officer", "get", lambda w: "/api/v1/tickets/", "ticket",
                        records("ticket"), via=A),
    "api ticket search": Door("cfm_officer", "post", lambda w: "/api/v1/tickets/search/",
                              "ticket", records("ticket"), via=A,
                              body=lambda w: {"search": "No water"}),
    "api ticket": Door("cfm_officer", "get", lambda w: f"/api/v1/tickets/{w['ticket'].uid}/",
                       "ticket", records("ticket"), via=A),
    # Referrals: the inbox and the sender's lists, the referral, the form, the API.
    "partner inbox": Door("partner", "get", lambda w: "/referrals/", "referral",
                          records("referral")),
    "sent referrals": Door("case_worker", "get", lambda w: "/referrals/", "referral",
                           records("referral", "returned")),
    "referrals on the worklists": Door("case_worker", "get", lambda w: "/cases/worklists/",
                                       "referral", records("returned")),
    "referral page": Door("partner", "get", lambda w: f"/referrals/{w['referral'].uid}/",
                          "referral", records("referral")),
    "new referral": Door("case_worker", "get", lambda w: f"/referrals/new/{w['first'].uid}/",
                         "household", records("first")),
    "new referral from a ticket": Door(
        "case_worker", "get",
        lambda w: f"/referrals/new/{w['first'].uid}/?ticket={w['ticket'].uid}", "ticket",
        records("ticket")),
    "referral report (overdue)": Door("supervisor", "get", lambda w: "/referrals/report/",
                                      "referral", records("referral"), days_later=30),
    "api referrals": Door("partner", "get", lambda w: "/api/v1/referrals/", "referral",
                          records("referral", "returned"), via=A),
    "api referral": Door("partner", "get", lambda w: f"/api/v1/referrals/{w['referral'].uid}/",
                         "referral", records("referral"), via=A),
    # Duplicates: the queue and the pair shown side by side.
    "duplicate queue": Door("supervisor", "get", lambda w: "/duplicates/", "household",
                            pair_sides),
    "duplicate pair": Door("supervisor", "get", lambda w: f"/duplicates/{w['pair'].pk}/",
                           "household", pair_sides),
}  # fmt: skip


@pytest.mark.parametrize("door", DOORS.values(), ids=DOORS.keys())
def test_each_door_logs_the_records_it_showed(door, world, personas, client):
    user = personas[door.role]
    body = door.body(world) if door.body else {}
    last = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    day = TODAY + timedelta(days=door.days_later)
    with time_machine.travel(datetime.combine(day, time(11), tzinfo=BAGHDAD), tick=False):
        if door.via == "api":
            api = APIClient()
            api.force_authenticate(user)
            if door.method == "post":
                response = api.post(door.path(world), body, format="json")
            else:
                response = api.get(door.path(world))
        else:
            client.force_login(user)
            response = getattr(client, door.method)(door.path(world), body, follow=True)
    assert response.status_code == 200
    rows = AccessLog.objects.filter(pk__gt=last, record_type=door.record_type)
    expected = {record.uid for record in door.shown(world, response)}
    assert expected, "the door shows at least one record"
    assert set(rows.values_list("record_uid", flat=True)) == expected
    assert {(row.user_id, row.via, row.action) for row in rows} == {
        (user.pk, door.via, door.action)
    }
    assert access_chain.verify().intact


@time_machine.travel(datetime.combine(TODAY, time(10), tzinfo=BAGHDAD), tick=False)
def test_the_likely_duplicates_shown_at_registration_are_logged(
    personas, client, django_capture_on_commit_callbacks
):
    from masar.dedup.tests.test_dedup import form_post
    from masar.dedup.tests.test_dedup import register as register_existing

    worker = personas["case_worker"]
    with django_capture_on_commit_callbacks(execute=True):
        existing = register_existing(worker)
    latin = {"relationship": "head", "given_name": "Mohammed", "father_name": "Ali",
             "grandfather_name": "Hussein", "sex": "m", "birth_year": "1986"}  # fmt: skip
    client.force_login(worker)
    page = client.post("/cases/register/", form_post(latin))
    assert existing.case_number in page.content.decode()
    rows = AccessLog.objects.filter(record_type="household")
    assert [(row.record_uid, row.user_id, row.via) for row in rows] == [
        (existing.uid, worker.pk, "page")
    ]
