"""The household workflow, transition by transition, through the actions."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from masar.cases import actions
from masar.cases.choices import CaseState, EventKind
from masar.cases.durability import PRM_QUESTIONS
from masar.cases.models import CaseEvent
from masar.geo.tests.factories import location_in
from masar.lib.dates import BAGHDAD

from .factories import assess_destination, register, walk_to

pytestmark = pytest.mark.django_db


# Half past midnight on New Year's Day in Baghdad is still the old year in UTC.
@time_machine.travel(datetime(2027, 1, 1, 0, 30, tzinfo=BAGHDAD), tick=False)
def test_registration_gives_a_readable_unique_case_number_and_a_timeline(personas):
    first = register(personas["case_worker"])
    second = register(personas["case_worker"])
    assert first.case_number == "FVM-2027-000001"
    assert second.case_number == "FVM-2027-000002"
    assert first.state == CaseState.REGISTERED
    assert first.events.get().kind == EventKind.REGISTERED
    assert first.members.count() == 2


def test_registration_refuses_a_household_without_exactly_one_head(personas):
    with pytest.raises(ValidationError, match="exactly one head"):
        actions.register_household(
            personas["case_worker"],
            {"current_site": None},
            [{"relationship": "spouse", "given_name": "x", "sex": "f"}],
        )


def test_registration_outside_the_case_workers_governorates_is_refused(personas):
    from masar.geo.tests.factories import site_in

    with pytest.raises(PermissionDenied):
        register(personas["case_worker"], site=site_in("IQG01Q01N01"))


def test_every_transition_writes_an_event_with_who_from_and_to(personas):
    worker = personas["case_worker"]
    household = walk_to("arrived", worker, register(worker))
    transitions = list(household.events.filter(kind=EventKind.TRANSITION).order_by("id"))
    assert [(e.from_state, e.to_state) for e in transitions] == [
        ("registered", "assessed"),
        ("assessed", "clearance_requested"),
        ("clearance_requested", "cleared"),
        ("cleared", "departure_scheduled"),
        ("departure_scheduled", "departed"),
        ("departed", "arrived"),
    ]
    assert [e.actor == worker for e in transitions] == [True, True, False, True, True, True]
    assert transitions[2].actor.memberships.get().role == "government_officer"


def test_it_refuses_departure_without_consent_clearance_or_destination_assessment(personas):
    worker = personas["case_worker"]
    household = register(worker, consent=False)
    household.consent_authorities = True
    household.save()
    household = walk_to("cleared", worker, household)
    household.clearances.update(decision="denied")
    with pytest.raises(actions.GuardsUnmet) as refused:
        actions.transition(worker, household, "schedule_departure", {})
    message = str(refused.value)
    assert "informed and voluntary consent" in message
    assert "a granted clearance" in message
    assert "destination assessment" in message
    household.refresh_from_db()
    assert household.state == CaseState.CLEARED


# Consent recorded between midnight and 03:00 in Baghdad falls on the day before in UTC.
@time_machine.travel(datetime(2026, 8, 31, 0, 30, tzinfo=BAGHDAD), tick=False)
def test_old_consent_must_be_renewed_before_departure(personas, settings):
    worker = personas["case_worker"]
    household = walk_to("cleared", worker, register(worker))
    assess_destination(worker, household.destination)
    later = timezone.localdate() + timedelta(days=settings.MASAR["CONSENT_VALID_DAYS"] + 1)
    with pytest.raises(actions.GuardsUnmet, match="renewed consent"):
        actions.transition(
            worker, household, "schedule_departure", {"planned_on": later}, today=later
        )
    household = actions.record_consent(
        worker,
        household,
        {"consent_informed": True, "consent_voluntary": True, "consent_authorities": True},
        expected_version=household.version,
    )
    # Renewed today, it is current again on the later date only if within the window.
    assert timezone.localdate(household.consent_at) == timezone.localdate()


def test_explosive_hazards_at_the_destination_need_a_supervisors_override(personas):
    worker, supervisor = personas["case_worker"], personas["supervisor"]
    household = walk_to("cleared", worker, register(worker))
    assess_destination(worker, household.destination, explosive_hazards=True)
    options = {o.action: o for o in actions.available_actions(worker, household)}
    assert options["schedule_departure"].missing == [
        "a supervisor's override for a severe destination"
    ]
    with pytest.raises(actions.GuardsUnmet, match="override"):
        actions.transition(worker, household, "schedule_departure", {})
    with pytest.raises(PermissionDenied):
        actions.override_destination(worker, household, "I say so")
    with pytest.raises(ValidationError):
        actions.override_destination(supervisor, household, "  ")
    actions.override_destination(supervisor, household, "Area cleared by UNMAS last week")
    household = actions.transition(worker, household, "schedule_departure", {})
    assert household.state == CaseState.DEPARTURE_SCHEDULED
    override = household.events.get(kind=EventKind.OVERRIDE)
    assert override.actor == supervisor
    assert override.reason == "Area cleared by UNMAS last week"
    assert "explosive hazards" in override.payload["concerns"][0]


def test_an_override_for_another_destination_does_not_count(personas):
    worker, supervisor = personas["case_worker"], personas["supervisor"]
    household = walk_to("cleared", worker, register(worker))
    assess_destination(worker, household.destination, explosive_hazards=True)
    actions.override_destination(supervisor, household, "approved")
    other = location_in("IQG15Q05N01")
    assess_destination(worker, other, explosive_hazards=True)
    with pytest.raises(ValidationError, match="Change destination"):
        actions.update_household(
            worker, household, {"destination": other}, expected_version=household.version
        )
    household = actions.transition(
        worker, household, "change_destination", {"destination": other.external_id, "reason": "x"}
    )
    assert household.state == CaseState.ASSESSED
    household = walk_to("cleared", worker, household)
    with pytest.raises(actions.GuardsUnmet, match="override"):
        actions.transition(worker, household, "schedule_departure", {})


def test_withdrawal_is_allowed_before_departure_with_a_reason_only(personas):
    worker = personas["case_worker"]
    household = walk_to("departure_scheduled", worker, register(worker))
    with pytest.raises(ValidationError, match="reason"):
        actions.transition(worker, household, "withdraw", {})
    household = actions.transition(worker, household, "withdraw", {"reason": "Changed their mind"})
    assert household.state == CaseState.WITHDRAWN
    assert household.withdrawal_reason == "Changed their mind"
    assert not household.departures.filter(cancelled=False).exists()
    # Withdrawing never blocks a later registration.
    assert register(worker).state == CaseState.REGISTERED


def test_withdrawal_after_departure_is_refused(personas):
    worker = personas["case_worker"]
    household = walk_to("departed", worker, register(worker))
    with pytest.raises(ValidationError, match="not possible"):
        actions.transition(worker, household, "withdraw", {"reason": "x"})


def test_arrival_is_only_possible_after_departure(personas):
    worker = personas["case_worker"]
    household = walk_to("departure_scheduled", worker, register(worker))
    with pytest.raises(ValidationError, match="not possible"):
        actions.transition(worker, household, "arrive", {})


def test_closing_needs_an_outcome_and_a_prm_for_a_durable_solution(personas):
    worker = personas["case_worker"]
    household = walk_to("arrived", worker, register(worker))
    with pytest.raises(ValidationError, match="outcome"):
        actions.transition(worker, household, "close", {})
    with pytest.raises(actions.GuardsUnmet, match="post-return monitoring"):
        actions.transition(worker, household, "close", {"outcome": "durable_solution"})
    prm = household.follow_ups.get(kind="prm")
    actions.complete_follow_up(
        worker, prm, completed_on=prm.due_from, answers={q.code: q.positive for q in PRM_QUESTIONS}
    )
    household.refresh_from_db()
    assert household.state == CaseState.MONITORING
    household = actions.transition(worker, household, "close", {"outcome": "durable_solution"})
    assert household.state == CaseState.CLOSED
    assert household.closure_outcome == "durable_solution"


def test_a_stale_form_is_refused_rather_than_overwriting(personas):
    worker = personas["case_worker"]
    household = register(worker)
    opened_version = household.version
    actions.update_household(
        worker, household, {"pathway": "relocation"}, expected_version=opened_version
    )
    with pytest.raises(actions.StaleCase):
        actions.update_household(
            worker, household, {"pathway": "local_integration"}, expected_version=opened_version
        )
    household.refresh_from_db()
    assert household.pathway == "relocation"


def test_a_case_worker_of_another_organisation_cannot_move_the_case(personas):
    household = register(personas["case_worker"])
    with pytest.raises(PermissionDenied):
        actions.transition(personas["other_case_worker"], household, "assess", {})


def test_a_government_officer_records_the_clearance_decision(personas):
    worker, officer = personas["case_worker"], personas["government"]
    household = walk_to("clearance_requested", worker, register(worker))
    household = actions.transition(
        officer, household, "grant_clearance", {"reference": "MoMD/2026/77"}
    )
    clearance = household.clearances.get()
    assert (clearance.decision, clearance.reference, clearance.decided_by) == (
        "granted",
        "MoMD/2026/77",
        officer,
    )
    with pytest.raises(PermissionDenied):
        actions.transition(officer, household, "schedule_departure", {})


def test_grants_are_never_paid_twice_for_the_same_purpose(personas):
    worker = personas["case_worker"]
    household = walk_to("departed", worker, register(worker))
    payment = actions.approve_payment(worker, household, "departure")
    actions.mark_payment_paid(
        personas["supervisor"], payment, paid_on=timezone.localdate(), channel="cash"
    )
    with pytest.raises(ValidationError, match="already"):
        actions.approve_payment(worker, household, "departure")
    with pytest.raises(ValidationError, match="current state"):
        actions.approve_payment(worker, household, "reinstallation")
    assert household.payments.count() == 1
    assert CaseEvent.objects.filter(household=household, kind="payment").count() == 2


def test_visits_are_recorded_before_departure_only(personas):
    worker = personas["case_worker"]
    household = register(worker)
    visit = actions.record_visit(worker, household, {"kind": "go_and_see", "outcome": "ok"})
    assert visit.pk
    household = walk_to("departed", worker, household)
    with pytest.raises(ValidationError):
        actions.record_visit(worker, household, {"kind": "come_and_tell"})
