"""The case workflow table, transition by transition, through the API and the pages: each
transition is taken by a role it names, refused to a role it does not name, and refused when
its guard (or, for transitions without guards, its input rule) does not hold.

Every row of the return table (`masar.cases.workflow.RETURN`, with the rows every pathway shares)
must have an entry here: a new transition without tests fails
`test_every_transition_of_the_table_is_tested`. The other pathways' own rows are tested in
`test_pathways.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pytest
import time_machine

from masar.cases.models import DestinationAssessment, FollowUp, Household
from masar.cases.workflow import RETURN as TRANSITIONS
from masar.geo.tests.factories import location_in
from masar.lib.dates import BAGHDAD

from .factories import assess_destination, register, walk_to

pytestmark = pytest.mark.django_db

# Set explicitly: the consent and window rules read the date.
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=BAGHDAD)


@dataclass(frozen=True)
class Row:
    source: str
    actor: str
    data: dict
    wrong_role: str  # a persona who may not take the transition on this case
    wrong_status: int  # 403 when the case is in their sight, 404 when it is not
    spoil: Callable[[Household, dict], dict]  # breaks the guard or input; returns the data
    refusal: str  # what the refusal says
    page_data: dict = field(default_factory=dict)


def _no_authorities(household: Household, data: dict) -> dict:
    Household.objects.filter(pk=household.pk).update(consent_authorities=False)
    return data


def _without(key: str) -> Callable[[Household, dict], dict]:
    return lambda household, data: {k: v for k, v in data.items() if k != key}


def _unassessed_destination(household: Household, data: dict) -> dict:
    DestinationAssessment.objects.filter(location=household.destination).delete()
    return data


def _old_consent(household: Household, data: dict) -> dict:
    Household.objects.filter(pk=household.pk).update(consent_at=NOW - timedelta(days=400))
    return data


def _nothing_followed_up(household: Household, data: dict) -> dict:
    household.follow_ups.update(status="scheduled")
    return data


def _durable_without_prm(household: Household, data: dict) -> dict:
    return {**data, "outcome": "durable_solution"}


ROWS = {
    "assess": Row(
        "registered",
        "case_worker",
        {"needs": {"shelter": {"severity": 2}}},
        "government",
        404,
        lambda household, data: {"needs": {"shelter": {"severity": 9}}, "severity_shelter": "9"},
        "valid choice",
        page_data={"severity_shelter": "2"},
    ),
    "request_clearance": Row(
        "assessed", "case_worker", {}, "government", 404, _no_authorities, "authorities"
    ),
    "grant_clearance": Row(
        "clearance_requested",
        "government",
        {"reference": "MoMD-1"},
        "case_worker",
        403,
        lambda household, data: {**data, "decided_on": "02/12/2026"},
        "valid date",
    ),
    "deny_clearance": Row(
        "clearance_requested",
        "government",
        {"reference": "MoMD-2"},
        "supervisor",
        403,
        lambda household, data: {**data, "decided_on": "2030-01-01"},
        "future",
    ),
    "change_destination": Row(
        "cleared",
        "case_worker",
        {"destination": "NEW-DEST", "reason": "The family's house in the village burnt down"},
        "government",
        404,
        _without("reason"),
        "required",
    ),
    "schedule_departure": Row(
        "cleared", "case_worker", {}, "government", 404, _unassessed_destination, "assessment"
    ),
    "depart": Row(
        "departure_scheduled", "case_worker", {}, "partner", 404, _old_consent, "renewed consent"
    ),
    "arrive": Row(
        "departed",
        "government",
        {"authority_reference": "ARR-1"},
        "partner",
        404,
        lambda household, data: {**data, "arrived_on": "2020-01-01"},
        "before the departure",
    ),
    "start_monitoring": Row(
        "arrived", "case_worker", {}, "government", 404, _nothing_followed_up, "check-in"
    ),
    "close": Row(
        "arrived",
        "supervisor",
        {"outcome": "lost_contact"},
        "government",
        404,
        _durable_without_prm,
        "post-return monitoring",
    ),
    "change_pathway": Row(
        "cleared",
        "case_worker",
        {"pathway": "local_integration", "reason": "The head found work here; the family stays"},
        "government",
        404,
        _without("reason"),
        "required",
    ),
    "withdraw": Row(
        "assessed",
        "case_worker",
        {"reason": "Decided to stay for the school year"},
        "government",
        404,
        _without("reason"),
        "required",
    ),
}


def test_every_transition_of_the_table_is_tested():
    assert {t.action for t in TRANSITIONS} == set(ROWS)


def _case_at(row: Row, action: str, personas) -> Household:
    worker = personas["case_worker"]
    location_in("IQG15Q05N01", external_id="NEW-DEST")
    household = walk_to(row.source, worker, register(worker), personas["government"])
    if row.source == "cleared":
        assess_destination(worker, household.destination, assessed_on=date(2026, 11, 1))
    if action == "start_monitoring":
        household.follow_ups.filter(kind="check_in").update(status="done")
    return household


def _send(via: str, user, household: Household, action: str, data: dict, client, api_as):
    household.refresh_from_db()
    if via == "api":
        response = api_as(user).post(
            f"/api/v1/households/{household.uid}/transitions/",
            {"action": action, "data": data, "version": household.version},
            format="json",
        )
        return response.status_code, response.content.decode()
    client.force_login(user)
    response = client.post(
        f"/cases/{household.uid}/do/{action}/",
        {"version": household.version, **{k: v for k, v in data.items() if k != "needs"}},
    )
    return response.status_code, response.content.decode()


@pytest.fixture
def at_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize("via", ["api", "page"])
@pytest.mark.parametrize("action", sorted(ROWS))
def test_a_named_role_takes_the_transition(action, via, personas, client, api_as, at_now):
    row = ROWS[action]
    household = _case_at(row, action, personas)
    target = next(t.target for t in TRANSITIONS if t.action == action)
    data = {**row.data, **(row.page_data if via == "page" else {})}
    status, body = _send(via, personas[row.actor], household, action, data, client, api_as)
    assert status == (200 if via == "api" else 302), body[:800]
    household.refresh_from_db()
    assert household.state == target
    event = household.events.filter(action=action).get()
    assert (event.from_state, event.to_state, event.actor) == (
        row.source,
        target,
        personas[row.actor],
    )


@pytest.mark.parametrize("via", ["api", "page"])
@pytest.mark.parametrize("action", sorted(ROWS))
def test_another_role_is_refused(action, via, personas, client, api_as, at_now):
    row = ROWS[action]
    household = _case_at(row, action, personas)
    status, _body = _send(
        via, personas[row.wrong_role], household, action, row.data, client, api_as
    )
    assert status == row.wrong_status
    household.refresh_from_db()
    assert household.state == row.source
    assert not household.events.filter(action=action).exists()


@pytest.mark.parametrize("via", ["api", "page"])
@pytest.mark.parametrize("action", sorted(ROWS))
def test_an_unmet_guard_or_bad_input_is_refused(action, via, personas, client, api_as, at_now):
    row = ROWS[action]
    household = _case_at(row, action, personas)
    data = row.spoil(household, {**row.data, **(row.page_data if via == "page" else {})})
    status, body = _send(via, personas[row.actor], household, action, data, client, api_as)
    assert status == 400
    assert row.refusal in body
    household.refresh_from_db()
    assert household.state == row.source
    assert (
        not FollowUp.objects.filter(household=household, status="done")
        .exclude(kind="check_in")
        .exists()
    )
