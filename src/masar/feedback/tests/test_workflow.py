"""The ticket lifecycle table, transition by transition — who may take each one, from which
status, with which input, through the workflow, the ticket page and the API — and the tickets
that arrive sensitive by their type."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from masar.accounts.choices import Role
from masar.accounts.personas import make_persona
from masar.cases.tests.factories import register
from masar.core.workflow import GuardsUnmet, InvalidInput, Stale
from masar.feedback import access
from masar.feedback.models import Ticket
from masar.feedback.workflow import TICKET_WORKFLOW
from masar.geo.models import AdminArea

from .test_tickets import new_ticket

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 9, tzinfo=ZoneInfo("Asia/Baghdad"))
# (action, the actions that lead to its source status, the status it reaches)
TABLE = [
    ("assign", (), "assigned"),
    ("assign", ("start",), "assigned"),
    ("start", (), "in_progress"),
    ("start", ("assign",), "in_progress"),
    ("respond", (), "responded"),
    ("respond", ("assign",), "responded"),
    ("respond", ("start",), "responded"),
    ("close", ("respond",), "closed"),
    ("reopen", ("respond",), "in_progress"),
    ("reopen", ("respond", "close"), "in_progress"),
]


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def valid_input(action: str, officer) -> dict:
    if action == "assign":
        return {"assignee": officer.username}
    if action == "respond":
        return {"response": "Visit planned for the 3rd", "response_method": "phone"}
    if action in ("close_unanswerable", "reopen"):
        return {"reason": "Called again"}
    return {}


def walk(ticket: Ticket, officer, *path: str) -> Ticket:
    for action in path:
        ticket = TICKET_WORKFLOW.run(officer, ticket, action, valid_input(action, officer))
    return ticket


@pytest.fixture
def ticket(personas):
    return new_ticket(personas["cfm_officer"])


@pytest.mark.parametrize(("action", "path", "target"), TABLE)
def test_each_transition_moves_the_ticket_and_records_who_when_and_why(
    action, path, target, personas, ticket
):
    officer = personas["cfm_officer"]
    ticket = walk(ticket, officer, *path)
    before = ticket.status
    done = TICKET_WORKFLOW.run(officer, ticket, action, valid_input(action, officer))
    assert done.status == target and done.version == ticket.version + 1
    event = done.events.last()
    assert (event.action, event.from_status, event.to_status) == (action, before, target)
    assert event.actor == officer and event.at == NOW
    assert done.first_action_at is not None
    if action == "assign":
        assert done.assigned_to == officer and event.note == officer.username
    if action == "respond":
        assert (done.responded_at, done.responded_by) == (NOW, officer)
    if action == "close":
        assert done.closed_at == NOW
    if action == "reopen":
        assert done.closed_at is None and event.note == "Called again"


def test_an_anonymous_ticket_closes_unanswered_and_reopens_answerable(personas):
    officer = personas["cfm_officer"]
    ticket = new_ticket(officer, contact_preference="anonymous", contact_phone="")
    closed = TICKET_WORKFLOW.run(officer, ticket, "close_unanswerable", {"reason": "Box, no name"})
    assert (closed.status, closed.no_response_possible, closed.closed_at) == ("closed", True, NOW)
    reopened = walk(closed, officer, "reopen")
    assert not reopened.no_response_possible and reopened.status == "in_progress"


@pytest.mark.parametrize("reader", ["case_worker", "supervisor"])
def test_case_roles_read_the_tickets_of_their_cases_but_do_not_move_them(reader, personas, client):
    household = register(personas["case_worker"])
    ticket = new_ticket(personas["cfm_officer"], household=household)
    assert access.permits(personas[reader], ticket, access.TICKET_READERS)
    with pytest.raises(PermissionDenied):
        TICKET_WORKFLOW.run(personas[reader], ticket, "start")
    client.force_login(personas[reader])
    page = client.get(f"/feedback/{ticket.uid}/")
    assert page.status_code == 200 and page.context["options"] == []
    assert client.post(f"/feedback/{ticket.uid}/", {"action": "start"}).status_code == 403


@pytest.mark.parametrize(
    ("actor", "sensitivity"),
    [("psea", "normal"), ("admin", "sea"), ("cfm_officer", "sea"), ("case_worker", "normal")],
)
def test_a_handler_whose_grants_do_not_reach_the_ticket_may_not_move_it(
    actor, sensitivity, personas
):
    ticket = new_ticket(personas["psea"], sensitivity=sensitivity)
    with pytest.raises(PermissionDenied):
        TICKET_WORKFLOW.run(personas[actor], ticket, "start")
    ticket.refresh_from_db()
    assert ticket.status == "new" and ticket.version == 1


@pytest.mark.parametrize(
    ("action", "path"),
    [
        ("close", ()),
        ("close", ("start",)),
        ("start", ("start",)),
        ("start", ("respond",)),
        ("respond", ("respond",)),
        ("assign", ("respond", "close")),
        ("reopen", ()),
        ("reopen", ("start",)),
    ],
)
def test_a_transition_is_refused_from_a_status_it_does_not_leave(action, path, personas, ticket):
    officer = personas["cfm_officer"]
    ticket = walk(ticket, officer, *path)
    with pytest.raises(ValidationError) as refused:
        TICKET_WORKFLOW.run(officer, ticket, action, valid_input(action, officer))
    assert refused.value.code == "state"


def test_only_an_anonymous_ticket_closes_without_a_response(personas, ticket):
    officer = personas["cfm_officer"]
    option = {o.action: o for o in TICKET_WORKFLOW.options(officer, ticket)}["close_unanswerable"]
    assert option.missing == ["an anonymous ticket (this one can be answered)"]
    with pytest.raises(GuardsUnmet, match="anonymous"):
        TICKET_WORKFLOW.run(officer, ticket, "close_unanswerable", {"reason": "no contact"})
    assert ticket.events.count() == 1


@pytest.mark.parametrize(
    ("action", "data", "field"),
    [
        ("respond", {"response_method": "sms"}, "response"),
        ("respond", {"response": "Yes"}, "response_method"),
        ("respond", {"response": "Yes", "response_method": "pigeon"}, "response_method"),
        (
            "respond",
            {"response": "Yes", "response_method": "sms", "responded_at": NOW + timedelta(hours=1)},
            "responded_at",
        ),
        (
            "respond",
            {"response": "Yes", "response_method": "sms", "responded_at": NOW - timedelta(days=1)},
            "responded_at",
        ),
        ("assign", {}, "assignee"),
        ("assign", {"assignee": "cw_ninewa"}, "assignee"),
        ("assign", {"assignee": "psea"}, "assignee"),
        ("assign", {"assignee": "nobody"}, "assignee"),
    ],
)
def test_a_transition_is_refused_without_its_input(action, data, field, personas, ticket):
    with pytest.raises(InvalidInput) as refused:
        TICKET_WORKFLOW.run(personas["cfm_officer"], ticket, action, data)
    assert list(refused.value.form.errors) == [field]
    ticket.refresh_from_db()
    assert ticket.status == "new" and ticket.assigned_to is None


@pytest.mark.parametrize("path", [(), ("respond",)])
def test_reopening_and_closing_unanswered_need_a_reason(path, personas):
    officer = personas["cfm_officer"]
    ticket = walk(new_ticket(officer, contact_preference="anonymous"), officer, *path)
    action = "reopen" if path else "close_unanswerable"
    with pytest.raises(InvalidInput, match="Give the reason"):
        TICKET_WORKFLOW.run(officer, ticket, action, {"reason": " "})


def test_a_stale_version_is_refused(personas, ticket):
    officer = personas["cfm_officer"]
    walk(ticket, officer, "start")
    with pytest.raises(Stale):
        TICKET_WORKFLOW.run(
            officer, ticket, "respond", valid_input("respond", officer), expected_version=1
        )


def test_a_ticket_is_assigned_only_to_an_officer_who_can_handle_it(personas):
    anbar_officer = make_persona("cfm_anbar", Role.CFM_OFFICER, org="IOM", govs="IQG01")
    ninewa_psea = make_persona("psea_ninewa", Role.PSEA_FOCAL_POINT, org="IOM", govs="IQG15")
    normal = new_ticket(personas["cfm_officer"])
    sensitive = new_ticket(personas["psea"], sensitivity="sea")
    in_anbar = new_ticket(personas["psea"], sensitivity="fraud", governorate=_anbar())
    assert list(access.officers_for(normal)) == [personas["cfm_officer"], personas["admin"]]
    assert list(access.officers_for(sensitive)) == [personas["psea"], ninewa_psea]
    assert list(access.officers_for(in_anbar)) == [personas["psea"]]
    with pytest.raises(InvalidInput, match="Choose an officer"):
        TICKET_WORKFLOW.run(personas["psea"], in_anbar, "assign", {"assignee": "psea_ninewa"})
    assigned = TICKET_WORKFLOW.run(personas["psea"], sensitive, "assign", {"assignee": ninewa_psea})
    assert assigned.assigned_to == ninewa_psea
    assert anbar_officer not in access.officers_for(normal)


def _anbar():
    return AdminArea.objects.get(pcode="IQG01")


def test_the_officer_works_the_ticket_on_its_page(personas, ticket, client):
    officer = personas["cfm_officer"]
    client.force_login(officer)
    url = f"/feedback/{ticket.uid}/"
    page = client.get(url)
    assert [o.action for o in page.context["options"]] == [
        "assign", "start", "respond", "close_unanswerable"
    ]  # fmt: skip
    assert [f.name for f in page.context["fields"]] == [
        "assignee", "response", "response_method", "responded_at"
    ]  # fmt: skip
    assigned = client.post(url, {"action": "assign", "version": 1, "assignee": "cfm"})
    assert assigned.status_code == 302
    refused = client.post(url, {"action": "respond", "version": 2, "response": "Called back"})
    assert refused.status_code == 400
    assert "Record how the response was given." in refused.content.decode()
    assert refused.context["fields"][1].value() == "Called back"
    stale = client.post(url, {"action": "start", "version": 1})
    assert stale.status_code == 400 and "changed by someone else" in stale.content.decode()
    client.post(
        url, {"action": "respond", "version": 2, "response": "Yes", "response_method": "sms"}
    )
    ticket.refresh_from_db()
    assert (ticket.status, ticket.assigned_to, ticket.responded_by) == (
        "responded",
        officer,
        officer,
    )
    client.force_login(make_persona("cfm_anbar", Role.CFM_OFFICER, org="IOM", govs="IQG01"))
    assert client.post(url, {"action": "close", "version": 3}).status_code == 404


def test_the_api_runs_the_same_table(personas, ticket, api_as):
    url = f"/api/v1/tickets/{ticket.uid}/transitions/"
    officer = api_as(personas["cfm_officer"])
    assigned = officer.post(
        url, {"action": "assign", "data": {"assignee": "cfm"}, "version": 1}, format="json"
    )
    assert assigned.status_code == 200, assigned.content
    assert (assigned.json()["assigned_to"], assigned.json()["version"]) == ("cfm", 2)
    stale = officer.post(url, {"action": "start", "version": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    guarded = officer.post(
        url, {"action": "close_unanswerable", "data": {"reason": "x"}}, format="json"
    )
    assert guarded.status_code == 400 and guarded.json()["code"] == "guards"
    assert guarded.json()["unmet"] == ["an anonymous ticket (this one can be answered)"]
    invalid = officer.post(url, {"action": "respond", "data": {"response": "x"}}, format="json")
    assert invalid.status_code == 400 and list(invalid.json()["errors"]) == ["response_method"]
    wrong_state = officer.post(url, {"action": "close"}, format="json")
    assert wrong_state.status_code == 400 and wrong_state.json()["code"] == "state"
    at = "2026-03-10T09:00:00+03:00"
    answer = {"response": "Yes", "response_method": "sms", "responded_at": at}
    responded = officer.post(url, {"action": "respond", "data": answer}, format="json")
    assert (responded.json()["status"], responded.json()["responded_at"]) == ("responded", at)


def test_the_api_refuses_readers_and_hides_other_tickets(personas, api_as):
    household = register(personas["case_worker"])
    ticket = new_ticket(personas["cfm_officer"], household=household)
    url = f"/api/v1/tickets/{ticket.uid}/transitions/"
    assert api_as(personas["case_worker"]).post(url, {"action": "start"}).status_code == 403
    assert api_as(personas["psea"]).post(url, {"action": "start"}).status_code == 404
    bad_id = "/api/v1/tickets/not-a-uuid/transitions/"
    assert api_as(personas["cfm_officer"]).post(bad_id, {"action": "start"}).status_code == 404
    ticket.refresh_from_db()
    assert ticket.status == "new"


def test_two_grants_of_one_user_never_pool_into_a_wider_one(
    personas, multi_grant_personas, client, api_as
):
    # Given a PSEA focal point in Ninewa who is also a CFM officer in Anbar
    user = multi_grant_personas["psea_and_cfm"]
    psea = personas["psea"]
    ninewa, anbar = AdminArea.objects.get(pcode="IQG15"), _anbar()
    tickets = {
        "sensitive in Ninewa": new_ticket(psea, sensitivity="sea", governorate=ninewa),
        "sensitive in Anbar": new_ticket(psea, sensitivity="sea", governorate=anbar),
        "sensitive nowhere": new_ticket(psea, sensitivity="safety", governorate=None),
        "normal in Ninewa": new_ticket(psea, governorate=ninewa),
        "normal in Anbar": new_ticket(psea, governorate=anbar),
        "normal nowhere": new_ticket(psea, governorate=None),
    }
    sees = {"sensitive in Ninewa", "sensitive nowhere", "normal in Anbar", "normal nowhere"}
    # Then each grant brings its own kind of ticket in its own governorates, and no more
    visible = set(access.tickets_visible_to(user))
    assert visible == {tickets[name] for name in sees}
    client.force_login(user)
    api = api_as(user)
    for name, ticket in tickets.items():
        expected = 200 if name in sees else 404
        assert client.get(f"/feedback/{ticket.uid}/").status_code == expected, name
        assert api.get(f"/api/v1/tickets/{ticket.uid}/").status_code == expected, name
    # And they handle what they see, and are offered only for what they may handle
    assert walk(tickets["sensitive in Ninewa"], user, "assign").assigned_to == user
    assert walk(tickets["normal in Anbar"], user, "start").status == "in_progress"
    with pytest.raises(PermissionDenied):
        TICKET_WORKFLOW.run(user, tickets["sensitive in Anbar"], "start")
    assert user not in access.officers_for(tickets["sensitive in Anbar"])
    assert user not in access.officers_for(tickets["normal in Ninewa"])


@pytest.mark.parametrize("governorate", ["", "IQG15"])
def test_a_public_complaint_about_staff_arrives_for_psea_focal_points_only(
    governorate, personas, client, api_as
):
    place = AdminArea.objects.get(pcode=governorate).pk if governorate else ""
    sent = client.post(
        "/feedback/submit/",
        {"type": "staff_complaint", "description": "The guard asked for money",
         "governorate": place, "contact_preference": "anonymous"},
    )  # fmt: skip
    assert sent.status_code == 200
    ticket = Ticket.objects.get()
    assert ticket.sensitivity == "screening" and ticket.sensitive
    assert ticket.first_action_due == ticket.received_at + timedelta(hours=24)
    for role in ("cfm_officer", "admin", "supervisor", "case_worker"):
        assert api_as(personas[role]).get(f"/api/v1/tickets/{ticket.uid}/").status_code == 404
    assert api_as(personas["psea"]).get(f"/api/v1/tickets/{ticket.uid}/").status_code == 200
    assert list(access.officers_for(ticket)) == [personas["psea"]]


def test_the_sensitive_types_are_a_setting(personas, client, settings):
    settings.MASAR = {**settings.MASAR, "CFM_SENSITIVE_TYPES": ("staff_complaint", "assistance")}
    for kind in ("assistance", "suggestion"):
        client.post(
            "/feedback/submit/",
            {"type": kind, "description": "x", "contact_preference": "anonymous"},
        )
    assert dict(Ticket.objects.values_list("type", "sensitivity")) == {
        "assistance": "screening", "suggestion": "normal"
    }  # fmt: skip


def test_staff_recorded_tickets_of_a_sensitive_type_arrive_sensitive_too(personas, client):
    officer = personas["cfm_officer"]
    recorded = new_ticket(officer, type="staff_complaint")
    assert recorded.sensitivity == "screening"
    classified = new_ticket(officer, type="staff_complaint", sensitivity="fraud")
    assert classified.sensitivity == "fraud"
    assert not access.permits(officer, recorded, access.TICKET_READERS)
    client.force_login(officer)
    page = client.post(
        "/feedback/new/",
        {"channel": "hotline", "received_at": "2026-03-10T08:00", "type": "staff_complaint",
         "sensitivity": "normal", "contact_preference": "anonymous",
         "description": "A driver shouted at us", "priority": "normal"},
        follow=True,
    )  # fmt: skip
    assert page.redirect_chain[-1][0] == "/feedback/"
    assert "the PSEA focal points have it" in page.content.decode()
