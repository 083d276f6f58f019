"""Three pathways, each with its own table: local integration (no departure; follow-ups from the
integration start), relocation (a return's path, to a third location), and the change from one
pathway to another, kept on the timeline."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import override_settings

from masar.cases import actions, queries
from masar.cases.choices import CaseState, EventKind
from masar.cases.durability import PRM_QUESTIONS
from masar.cases.models import Household
from masar.cases.workflow import LOCAL_INTEGRATION, RELOCATION, RETURN, WORKFLOW
from masar.geo.models import AdminArea
from masar.geo.tests.factories import location_in, site_in
from masar.lib.dates import BAGHDAD

from .factories import FULL_CONSENT, HEAD, SPOUSE, assess_destination, register, walk_to
from .test_severity_guard import score_destination

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=BAGHDAD)
DEPARTURE_STEPS = {"change_destination", "schedule_departure", "depart", "arrive"}
ALL_YES = {q.code: q.positive for q in PRM_QUESTIONS}


@pytest.fixture
def at_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def register_staying(worker) -> Household:
    """A household in a camp in Mosul meaning to stay there, with no destination."""
    return actions.register_household(
        worker,
        {"current_site": site_in("IQG15Q05N01"), "pathway": "local_integration", **FULL_CONSENT},
        [HEAD, SPOUSE],
    )


def register_relocating(worker, destination_pcode: str, origin: str = "IQG15Q07") -> Household:
    """A household from Sinjar district relocating to a location in `destination_pcode`."""
    return register(
        worker,
        destination=location_in(destination_pcode),
        pathway="relocation",
        origin_area=AdminArea.objects.get(pcode=origin),
    )


def cleared(household: Household, worker, government) -> Household:
    household = actions.transition(worker, household, "assess", {"needs": {}})
    household = actions.transition(worker, household, "request_clearance", {})
    return actions.transition(government, household, "grant_clearance", {"reference": "MoMD-7"})


def offered(user, household: Household) -> set[str]:
    household.refresh_from_db()
    return {option.action for option in actions.available_actions(user, household)}


def test_each_pathway_has_its_own_table_sharing_the_common_rows():
    moving, staying = {t.action for t in RETURN}, {t.action for t in LOCAL_INTEGRATION}
    assert moving - staying == DEPARTURE_STEPS
    assert staying - moving == {"plan_integration", "start_integration"}
    assert [t.action for t in RELOCATION] == [t.action for t in RETURN]
    shared = {"assess", "request_clearance", "close", "change_pathway", "withdraw"}
    for action in shared:
        assert len({t for t in WORKFLOW.transitions if t.action == action}) == 1, action


def test_a_local_integration_closes_as_durable_through_the_pages_and_the_api(
    personas, client, api_as, at_now
):
    worker, government = personas["case_worker"], personas["government"]
    household = register_staying(worker)
    api = api_as(worker)

    def move(user, action, **data):
        response = api_as(user).post(
            f"/api/v1/households/{household.uid}/transitions/",
            {"action": action, "data": data},
            format="json",
        )
        assert response.status_code == 200, response.content
        return response.json()["state"]

    assert move(worker, "assess", needs={"documentation": {"severity": 3}}) == "assessed"
    assert move(worker, "request_clearance") == "clearance_requested"
    assert move(government, "grant_clearance", reference="MoMD-3") == "cleared"
    client.force_login(worker)
    page = client.get(f"/cases/{household.uid}/").content.decode()
    assert "Schedule departure" not in page
    assert "Agree integration plan" in page
    household.refresh_from_db()
    response = client.post(
        f"/cases/{household.uid}/do/plan_integration/",
        {
            "version": household.version,
            "intention_confirmed_on": "2026-11-28",
            "support_plan": "Rent support for six months; vocational training for the head",
            "documentation_support": "on",
            "hlp_support": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:800]
    assert move(worker, "start_integration", started_on="2026-12-01") == "integrating"
    household.refresh_from_db()
    integration = household.integrations.get()
    assert (integration.location, integration.started_on) == (
        household.current_location,
        date(2026, 12, 1),
    )
    assert (integration.documentation_support, integration.hlp_support) == (True, True)
    page = client.get(f"/cases/{household.uid}/").content.decode()
    assert "Rent support for six months" in page and "2026-12-01" in page
    windows = {f.kind: (f.due_from, f.due_until) for f in household.follow_ups.all()}
    assert windows == {
        "check_in": (date(2026, 12, 8), date(2026, 12, 15)),
        "prm": (date(2027, 3, 1), date(2027, 5, 30)),
    }

    at_now.move_to(datetime(2026, 12, 9, 10, 0, tzinfo=BAGHDAD))
    check_in = household.follow_ups.get(kind="check_in")
    done = api.post(
        f"/api/v1/follow-ups/{check_in.uid}/complete/",
        {"completed_on": "2026-12-09", "outcome": "Settled; children enrolled"},
        format="json",
    )
    assert done.status_code == 200, done.content
    household.refresh_from_db()
    assert household.state == CaseState.MONITORING

    at_now.move_to(datetime(2027, 3, 10, 10, 0, tzinfo=BAGHDAD))
    prm = household.follow_ups.get(kind="prm")
    done = api_as(worker).post(
        f"/api/v1/follow-ups/{prm.uid}/complete/",
        {"completed_on": "2027-03-10", "answers": ALL_YES},
        format="json",
    )
    assert done.status_code == 200, done.content
    assert household.durability_assessments.get().category == "durable"
    household.refresh_from_db()
    client.force_login(worker)  # months later: a new session
    response = client.post(
        f"/cases/{household.uid}/do/close/",
        {"version": household.version, "outcome": "durable_solution"},
    )
    assert response.status_code == 302, response.content.decode()[:800]
    household.refresh_from_db()
    assert (household.state, household.closure_outcome) == ("closed", "durable_solution")
    steps = household.events.filter(kind=EventKind.TRANSITION).order_by("id")
    assert [(e.action, e.to_state) for e in steps] == [
        ("assess", "assessed"),
        ("request_clearance", "clearance_requested"),
        ("grant_clearance", "cleared"),
        ("plan_integration", "integration_planned"),
        ("start_integration", "integrating"),
        ("start_monitoring", "monitoring"),
        ("close", "closed"),
    ]
    assert not household.departures.exists() and not household.arrivals.exists()


def test_a_local_integration_is_never_offered_a_departure(personas, client, api_as, at_now):
    worker, government = personas["case_worker"], personas["government"]
    household = register_staying(worker)
    seen: set[str] = offered(worker, household)
    household = cleared(household, worker, government)
    seen |= offered(worker, household)
    household = actions.transition(
        worker,
        household,
        "plan_integration",
        {"intention_confirmed_on": "2026-12-01", "support_plan": "Cash for rent"},
    )
    seen |= offered(worker, household)
    household = actions.transition(worker, household, "start_integration", {})
    seen |= offered(worker, household)
    assert "start_monitoring" in seen and "plan_integration" in seen
    assert seen.isdisjoint(DEPARTURE_STEPS)

    client.force_login(worker)
    assert client.get(f"/cases/{household.uid}/do/schedule_departure/").status_code == 404
    refused = api_as(worker).post(
        f"/api/v1/households/{household.uid}/transitions/",
        {"action": "schedule_departure", "data": {}},
        format="json",
    )
    assert refused.status_code == 400
    assert "Schedule departure is not a step on this record's path" in refused.json()["detail"]


def test_local_integration_windows_come_from_the_settings(personas, at_now):
    worker = personas["case_worker"]
    windows = {
        **settings.MASAR,
        "INTEGRATION_CHECK_IN_WINDOW_DAYS": (3, 10),
        "INTEGRATION_MONITORING_WINDOW_DAYS": (60, 120),
    }
    household = cleared(register_staying(worker), worker, personas["government"])
    household = actions.transition(
        worker,
        household,
        "plan_integration",
        {"intention_confirmed_on": "2026-12-01", "support_plan": "Cash for rent"},
    )
    with override_settings(MASAR=windows):
        actions.transition(worker, household, "start_integration", {"started_on": "2026-12-02"})
    due = {f.kind: (f.due_from, f.due_until) for f in household.follow_ups.all()}
    assert due == {
        "check_in": (date(2026, 12, 5), date(2026, 12, 12)),
        "prm": (date(2027, 1, 31), date(2027, 4, 1)),
    }


def test_an_integration_cannot_start_before_the_intention_was_confirmed(personas, at_now):
    worker = personas["case_worker"]
    household = cleared(register_staying(worker), worker, personas["government"])
    household = actions.transition(
        worker,
        household,
        "plan_integration",
        {"intention_confirmed_on": "2026-12-01", "support_plan": "Cash for rent"},
    )
    with pytest.raises(ValidationError, match="confirmed its"):
        actions.transition(worker, household, "start_integration", {"started_on": "2026-11-20"})
    household.refresh_from_db()
    assert household.state == CaseState.INTEGRATION_PLANNED
    assert not household.follow_ups.exists()


def test_a_relocation_to_the_area_of_origin_is_refused_with_a_clear_message(
    personas, api_as, at_now
):
    worker = personas["case_worker"]
    household = walk_to("cleared", worker, register_relocating(worker, "IQG15Q07N03"))
    assess_destination(worker, household.destination)
    option = {o.action: o for o in actions.available_actions(worker, household)}
    assert any(
        "outside the area of origin (Sinjar)" in m for m in option["schedule_departure"].missing
    )
    refused = api_as(worker).post(
        f"/api/v1/households/{household.uid}/transitions/",
        {"action": "schedule_departure", "data": {}},
        format="json",
    )
    assert refused.status_code == 400
    assert "a move back to the area of origin is a return" in refused.json()["detail"]
    household.refresh_from_db()
    assert household.state == CaseState.CLEARED


def test_a_relocation_to_a_third_location_goes_all_the_way(personas, at_now):
    worker = personas["case_worker"]
    household = walk_to("arrived", worker, register_relocating(worker, "IQG15Q03N02"))
    assert household.arrivals.get().location.area.pcode == "IQG15Q03N02"
    assert {f.kind: f.due_from for f in household.follow_ups.all()} == {
        "check_in": date(2026, 12, 9),
        "prm": date(2027, 3, 2),
    }


def test_a_relocation_needs_the_area_of_origin(personas, at_now):
    worker = personas["case_worker"]
    household = register(worker, destination=location_in("IQG15Q03N02"), pathway="relocation")
    household = walk_to("cleared", worker, household)
    assess_destination(worker, household.destination)
    with pytest.raises(actions.GuardsUnmet, match="the area of origin"):
        actions.transition(worker, household, "schedule_departure", {})


def test_the_severity_check_applies_to_a_relocation(personas, at_now):
    worker, supervisor = personas["case_worker"], personas["supervisor"]
    household = walk_to("cleared", worker, register_relocating(worker, "IQG15Q03N02"))
    assess_destination(worker, household.destination)
    score_destination(household.destination, "high", 71.0)
    with pytest.raises(actions.GuardsUnmet, match="supervisor's override"):
        actions.transition(worker, household, "schedule_departure", {})
    actions.override_destination(supervisor, household, "Checked with the mukhtar and UNMAS")
    household = actions.transition(worker, household, "schedule_departure", {})
    assert household.state == CaseState.DEPARTURE_SCHEDULED


def test_a_relocations_new_destination_must_also_lie_outside_the_area_of_origin(personas, at_now):
    worker = personas["case_worker"]
    household = walk_to("cleared", worker, register_relocating(worker, "IQG15Q03N02"))
    location_in("IQG15Q07N01", external_id="SINJAR-1")
    with pytest.raises(actions.GuardsUnmet, match="outside the area of origin"):
        actions.transition(
            worker,
            household,
            "change_destination",
            {"destination": "SINJAR-1", "reason": "Family land there"},
        )
    household.refresh_from_db()
    assert household.state == CaseState.CLEARED


def test_a_return_to_the_area_of_origin_works_as_before(personas, at_now):
    worker = personas["case_worker"]
    household = register(
        worker,
        destination=location_in("IQG15Q07N03"),
        origin_area=AdminArea.objects.get(pcode="IQG15Q07"),
    )
    household = walk_to("departure_scheduled", worker, household)
    assert household.pathway == "return"


def test_a_pathway_change_with_a_reason_keeps_both_pathways_on_the_timeline(
    personas, client, at_now
):
    worker, government = personas["case_worker"], personas["government"]
    household = walk_to("cleared", worker, register(worker), government)
    client.force_login(worker)
    household.refresh_from_db()
    without_reason = client.post(
        f"/cases/{household.uid}/do/change_pathway/",
        {"version": household.version, "pathway": "local_integration"},
    )
    assert without_reason.status_code == 400
    same = client.post(
        f"/cases/{household.uid}/do/change_pathway/",
        {"version": household.version, "pathway": "return", "reason": "x"},
    )
    assert "already the household" in same.content.decode()
    response = client.post(
        f"/cases/{household.uid}/do/change_pathway/",
        {
            "version": household.version,
            "pathway": "local_integration",
            "reason": "The head found steady work in Mosul; the family stays",
        },
    )
    assert response.status_code == 302, response.content.decode()[:800]
    household.refresh_from_db()
    assert (household.pathway, household.state) == ("local_integration", "assessed")
    event = household.events.get(action="change_pathway")
    assert event.payload == {"from_pathway": "return", "to_pathway": "local_integration"}
    assert (event.from_state, event.to_state) == ("cleared", "assessed")
    page = client.get(f"/cases/{household.uid}/").content.decode()
    assert "Return to area of origin → Local integration" in page
    assert "The head found steady work in Mosul" in page
    # The new pathway's own path: cleared again, then its plan; no departure.
    household = actions.transition(worker, household, "request_clearance", {})
    household = actions.transition(government, household, "grant_clearance", {})
    assert "plan_integration" in offered(worker, household)
    assert "schedule_departure" not in offered(worker, household)


def test_a_pathway_change_to_a_relocation_into_the_area_of_origin_is_refused(personas, at_now):
    worker = personas["case_worker"]
    household = register(
        worker,
        destination=location_in("IQG15Q07N03"),
        origin_area=AdminArea.objects.get(pcode="IQG15Q07"),
    )
    household = walk_to("assessed", worker, household)
    with pytest.raises(actions.GuardsUnmet, match="outside the area of origin"):
        actions.transition(
            worker, household, "change_pathway", {"pathway": "relocation", "reason": "Safer"}
        )
    location_in("IQG15Q03N02", external_id="BARTILLA-1")
    household = actions.transition(
        worker,
        household,
        "change_pathway",
        {"pathway": "relocation", "destination": "BARTILLA-1", "reason": "Safer"},
    )
    assert household.pathway == "relocation"
    assert household.destination.external_id == "BARTILLA-1"


def test_a_pathway_change_voids_a_plan_not_yet_started(personas, at_now):
    worker = personas["case_worker"]
    household = cleared(register_staying(worker), worker, personas["government"])
    household = actions.transition(
        worker,
        household,
        "plan_integration",
        {"intention_confirmed_on": "2026-12-01", "support_plan": "Cash for rent"},
    )
    household = actions.transition(
        worker, household, "change_pathway", {"pathway": "return", "reason": "House rebuilt"}
    )
    assert household.integrations.get().cancelled


def test_past_registration_the_pathway_is_not_a_detail_edit(personas):
    worker = personas["case_worker"]
    household = walk_to("assessed", worker, register(worker))
    with pytest.raises(ValidationError, match="Change pathway"):
        actions.update_household(
            worker, household, {"pathway": "relocation"}, expected_version=household.version
        )
    household.refresh_from_db()
    assert household.pathway == "return"


def test_the_pipeline_counts_each_pathway(personas):
    worker = personas["case_worker"]
    register(worker)
    register(worker)
    register_staying(worker)
    register_relocating(worker, "IQG15Q03N02")
    pipeline = queries.pipeline(personas["im_officer"])
    assert [(code, n) for code, _label, n in pipeline["by_pathway"]] == [
        ("return", 2),
        ("local_integration", 1),
        ("relocation", 1),
    ]
    assert {"pathway": "local_integration", "state": "registered", "n": 1} in pipeline[
        "by_pathway_state"
    ]
