"""The referral lifecycle table, transition by transition: who may take each one, from which
status, with which input — through the workflow, the referral page and the API."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from masar.cases.tests.factories import register
from masar.core.workflow import InvalidInput, Stale
from masar.referrals import actions
from masar.referrals.models import Referral
from masar.referrals.workflow import REFERRAL_WORKFLOW

from .factories import livelihoods_service, valid_input, walk

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)
TOMORROW, YESTERDAY = TODAY + timedelta(days=1), TODAY - timedelta(days=1)
# (action, the actions that lead to its source status, who takes it, the status it reaches)
TABLE = [
    ("accept", (), "partner", "accepted"),
    ("decline", (), "partner", "declined"),
    ("start", ("accept",), "partner", "in_progress"),
    ("complete", ("accept",), "partner", "completed"),
    ("complete", ("accept", "start"), "partner", "completed"),
    ("close_without_service", ("accept",), "partner", "closed_no_service"),
    ("close_without_service", ("accept", "start"), "partner", "closed_no_service"),
    ("withdraw", (), "case_worker", "withdrawn"),
    ("withdraw", ("accept",), "supervisor", "withdrawn"),
    ("withdraw", ("accept", "start"), "admin", "withdrawn"),
]
# Who sees the referral but may not take the action: the other side.
WRONG_SIDE = {
    "accept": ["case_worker", "supervisor", "admin"],
    "decline": ["case_worker", "admin"],
    "withdraw": ["partner"],
}


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(datetime(2026, 3, 10, 9, tzinfo=ZoneInfo("Asia/Baghdad"))):
        yield


@pytest.fixture
def referral(personas):
    service = livelihoods_service(personas["partner"])
    household = register(personas["case_worker"])
    return actions.send_referral(personas["case_worker"], household, service, reason="Lost income")


def moved_to(referral, personas, *path: str) -> Referral:
    return walk(referral, personas["partner"], *path)


@pytest.mark.parametrize(("action", "path", "actor", "target"), TABLE)
def test_each_transition_moves_the_referral_and_records_who_when_and_why(
    action, path, actor, target, personas, referral
):
    referral = moved_to(referral, personas, *path)
    before = referral.status
    done = REFERRAL_WORKFLOW.run(personas[actor], referral, action, valid_input(action))
    assert done.status == target and done.version == referral.version + 1
    event = done.events.last()
    assert (event.action, event.from_status, event.to_status) == (action, before, target)
    assert event.actor == personas[actor] and event.at.date() == TODAY
    assert done.household.events.filter(kind="referral").last().action == action
    if action in ("decline", "close_without_service", "withdraw"):
        assert done.status_reason == event.note == "Not eligible" and done.finished_at
    if action == "complete":
        assert done.service_date == TODAY and done.outcome == event.note


@pytest.mark.parametrize(
    ("action", "actor"),
    [(action, actor) for action, actors in WRONG_SIDE.items() for actor in actors],
)
def test_the_other_side_may_not_take_a_transition(action, actor, personas, referral):
    with pytest.raises(PermissionDenied):
        REFERRAL_WORKFLOW.run(personas[actor], referral, action, valid_input(action))
    referral.refresh_from_db()
    assert referral.status == "sent" and referral.events.count() == 1


def test_a_case_worker_of_another_organisation_may_not_withdraw(personas, referral):
    with pytest.raises(PermissionDenied):
        REFERRAL_WORKFLOW.run(personas["other_case_worker"], referral, "withdraw", {"reason": "x"})


@pytest.mark.parametrize(
    ("action", "path"),
    [
        ("accept", ("accept",)),
        ("decline", ("accept",)),
        ("start", ()),
        ("start", ("accept", "start")),
        ("complete", ()),
        ("close_without_service", ()),
        ("accept", ("decline",)),
        ("complete", ("accept", "complete")),
    ],
)
def test_a_transition_is_refused_from_a_status_it_does_not_leave(action, path, personas, referral):
    referral = moved_to(referral, personas, *path)
    with pytest.raises(ValidationError) as refused:
        REFERRAL_WORKFLOW.run(personas["partner"], referral, action, valid_input(action))
    assert refused.value.code == "state"


@pytest.mark.parametrize(
    "path", [("decline",), ("accept", "complete"), ("accept", "start", "close_without_service")]
)
def test_a_finished_referral_can_no_longer_be_withdrawn(path, personas, referral):
    referral = moved_to(referral, personas, *path)
    with pytest.raises(ValidationError, match="not possible"):
        REFERRAL_WORKFLOW.run(personas["case_worker"], referral, "withdraw", {"reason": "x"})


@pytest.mark.parametrize(
    ("action", "path", "data", "field"),
    [
        ("decline", (), {"reason": "  "}, "reason"),
        ("close_without_service", ("accept",), {}, "reason"),
        ("complete", ("accept",), {"service_date": TODAY}, "outcome"),
        ("complete", ("accept",), {"outcome": "Enrolled"}, "service_date"),
        ("complete", ("accept",), {"outcome": "x", "service_date": "2026-13-01"}, "service_date"),
        ("complete", ("accept",), {"outcome": "x", "service_date": TOMORROW}, "service_date"),
        ("complete", ("accept",), {"outcome": "x", "service_date": YESTERDAY}, "service_date"),
    ],
)
def test_a_transition_is_refused_without_its_input(action, path, data, field, personas, referral):
    referral = moved_to(referral, personas, *path)
    with pytest.raises(InvalidInput) as refused:
        REFERRAL_WORKFLOW.run(personas["partner"], referral, action, data)
    assert list(refused.value.form.errors) == [field]
    referral.refresh_from_db()
    assert referral.events.last().action == (path[-1] if path else "send")


def test_a_withdrawal_needs_its_reason(personas, referral):
    with pytest.raises(InvalidInput, match="Give a reason"):
        REFERRAL_WORKFLOW.run(personas["case_worker"], referral, "withdraw", {})


def test_a_stale_version_is_refused(personas, referral):
    walk(referral, personas["partner"], "accept")
    with pytest.raises(Stale):
        REFERRAL_WORKFLOW.run(personas["partner"], referral, "start", {}, expected_version=1)
    assert REFERRAL_WORKFLOW.run(personas["partner"], referral, "start", {}, expected_version=2)


def test_the_page_offers_each_side_its_own_actions(personas, referral, client):
    client.force_login(personas["partner"])
    partner_page = client.get(f"/referrals/{referral.uid}/")
    assert [o.action for o in partner_page.context["options"]] == ["accept", "decline"]
    assert [f.name for f in partner_page.context["fields"]] == ["reason"]
    client.force_login(personas["case_worker"])
    worker_page = client.get(f"/referrals/{referral.uid}/")
    assert [o.action for o in worker_page.context["options"]] == ["withdraw"]


def test_the_partner_accepts_and_completes_on_the_page(personas, referral, client):
    client.force_login(personas["partner"])
    url = f"/referrals/{referral.uid}/"
    assert client.post(url, {"action": "accept", "version": 1}).status_code == 302
    page = client.get(url)
    assert {f.name for f in page.context["fields"]} == {"outcome", "service_date", "reason"}
    assert page.context["fields"][1].value() == TODAY
    done = client.post(
        url,
        {"action": "complete", "version": 2, "outcome": "Enrolled", "service_date": "2026-03-10"},
    )
    assert done.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.service_date) == ("completed", TODAY)


def test_the_page_refuses_and_keeps_what_was_typed(personas, referral, client):
    client.force_login(personas["partner"])
    url = f"/referrals/{referral.uid}/"
    walk(referral, personas["partner"], "accept")
    page = client.post(
        url, {"action": "complete", "version": 2, "outcome": "Enrolled", "service_date": ""}
    )
    assert page.status_code == 400
    assert "Give the date the service was delivered." in page.content.decode()
    assert page.context["fields"][0].value() == "Enrolled"
    stale = client.post(url, {"action": "start", "version": 1})
    assert stale.status_code == 400 and "changed by someone else" in stale.content.decode()
    client.force_login(personas["case_worker"])
    assert client.post(url, {"action": "start", "version": 2}).status_code == 403
    client.force_login(personas["other_case_worker"])
    assert client.post(url, {"action": "withdraw", "reason": "x"}).status_code == 404
    referral.refresh_from_db()
    assert referral.status == "accepted"


def test_the_api_runs_the_same_table(personas, referral, api_as):
    partner = api_as(personas["partner"])
    url = f"/api/v1/referrals/{referral.uid}/transitions/"
    accepted = partner.post(url, {"action": "accept", "version": 1}, format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert accepted.json()["version"] == 2
    missing = partner.post(url, {"action": "complete", "data": {"outcome": "x"}}, format="json")
    assert missing.status_code == 400
    assert missing.json()["code"] == "invalid" and list(missing.json()["errors"]) == [
        "service_date"
    ]
    stale = partner.post(url, {"action": "start", "version": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    wrong_state = partner.post(url, {"action": "accept"}, format="json")
    assert wrong_state.status_code == 400 and wrong_state.json()["code"] == "state"
    unknown = partner.post(url, {"action": "teleport"}, format="json")
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown"
    done = partner.post(
        url,
        {"action": "complete", "data": {"outcome": "Enrolled", "service_date": "2026-03-10"}},
        format="json",
    )
    assert done.json()["status"] == "completed" and done.json()["service_date"] == "2026-03-10"


def test_the_api_refuses_the_wrong_side_and_hides_other_referrals(personas, referral, api_as):
    url = f"/api/v1/referrals/{referral.uid}/transitions/"
    worker = api_as(personas["case_worker"])
    assert worker.post(url, {"action": "accept"}, format="json").status_code == 403
    withdrawn = worker.post(url, {"action": "withdraw", "data": {"reason": "Moved"}}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    other = api_as(personas["other_case_worker"])
    assert other.post(url, {"action": "withdraw"}, format="json").status_code == 404
    bad_id = "/api/v1/referrals/not-a-uuid/transitions/"
    assert api_as(personas["partner"]).post(bad_id, {"action": "accept"}).status_code == 404
