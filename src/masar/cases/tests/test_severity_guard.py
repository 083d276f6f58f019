"""A high Return Index at the destination needs a supervisor's override; no index, no block."""

from datetime import date

import pytest

from masar.cases import actions
from masar.cases.choices import CaseState
from masar.indices.models import IndexResult, Methodology
from masar.tracking.choices import RoundStatus
from masar.tracking.models import Round

from .factories import assess_destination, register, walk_to

pytestmark = pytest.mark.django_db


def score_destination(location, category: str, score: float, status=RoundStatus.PUBLISHED):
    round_ = Round.objects.create(
        start_date=date(2024, 1, 1), end_date=date(2024, 2, 28), status=status
    )
    methodology = Methodology.objects.create(
        name="return-index",
        version=1,
        kind="return",
        title="Return Index",
        definition={},
        checksum="x",
        source="file",
    )
    return IndexResult.objects.create(
        round=round_,
        location=location,
        methodology=methodology,
        score=score,
        category=category,
        status="scored",
    )


def cleared_case(worker):
    household = walk_to("cleared", worker, register(worker))
    assess_destination(worker, household.destination)
    return household


def test_without_a_computed_index_the_departure_is_not_blocked(personas):
    worker = personas["case_worker"]
    household = cleared_case(worker)
    household = actions.transition(worker, household, "schedule_departure", {})
    assert household.state == CaseState.DEPARTURE_SCHEDULED


def test_a_low_severity_destination_is_not_blocked(personas):
    worker = personas["case_worker"]
    household = cleared_case(worker)
    score_destination(household.destination, "low", 12.0)
    assert actions.transition(worker, household, "schedule_departure", {}).state == (
        CaseState.DEPARTURE_SCHEDULED
    )


@pytest.mark.parametrize("status", [RoundStatus.DRAFT, RoundStatus.VALIDATED])
def test_a_score_from_an_unpublished_round_neither_blocks_nor_shows(personas, login, status):
    worker = personas["case_worker"]
    household = cleared_case(worker)
    score_destination(household.destination, "high", 71.0, status=status)
    page = login(worker).get(f"/cases/{household.uid}/do/schedule_departure/")
    assert "score 71" not in page.content.decode()
    assert actions.transition(worker, household, "schedule_departure", {}).state == (
        CaseState.DEPARTURE_SCHEDULED
    )


def test_a_high_severity_destination_needs_an_override_and_shows_why(personas, login):
    worker, supervisor = personas["case_worker"], personas["supervisor"]
    household = cleared_case(worker)
    score_destination(household.destination, "high", 71.0)
    with pytest.raises(actions.GuardsUnmet, match="override"):
        actions.transition(worker, household, "schedule_departure", {})
    page = login(worker).get(f"/cases/{household.uid}/do/schedule_departure/")
    body = page.content.decode()
    assert "Return Index severity High (score 71" in body
    assert "A supervisor must approve" in body
    actions.override_destination(supervisor, household, "Family's house rebuilt; KI confirms")
    assert actions.transition(worker, household, "schedule_departure", {}).state == (
        CaseState.DEPARTURE_SCHEDULED
    )


def test_the_pipeline_shows_how_households_fare_by_destination_severity(personas, login):
    from masar.cases.durability import PRM_QUESTIONS

    worker, supervisor = personas["case_worker"], personas["supervisor"]
    severe = cleared_case(worker)
    score_destination(severe.destination, "high", 80.0)
    actions.override_destination(supervisor, severe, "approved")
    unscored = cleared_case(worker)
    bad = {q.code: ("no" if q.positive == "yes" else "yes") for q in PRM_QUESTIONS}
    good = {q.code: q.positive for q in PRM_QUESTIONS}
    for household, answers in ((severe, bad), (unscored, good)):
        household = walk_to("arrived", worker, household)
        prm = household.follow_ups.get(kind="prm")
        actions.complete_follow_up(worker, prm, completed_on=prm.due_from, answers=answers)
    rows = {
        r["severity"]: r
        # Exact counts need a national view: below it, cells of 1 are suppressed.
        for r in login(personas["im_officer"])
        .get("/cases/dashboard/")
        .context["pipeline"]["by_severity"]
    }
    assert rows["high"]["not_durable"] == 1 and rows["high"]["total"] == 1
    assert rows["not scored"]["durable"] == 1
