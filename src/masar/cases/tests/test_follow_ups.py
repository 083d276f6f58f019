"""Follow-ups scheduled from the arrival date, rescheduled when it is corrected, overdue after."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine

from masar.cases import actions, queries
from masar.lib.dates import BAGHDAD

from .factories import register, walk_to

pytestmark = pytest.mark.django_db


def arrive(worker, arrived_on):
    """A case registered, departed and arrived on the morning of `arrived_on`. The clock is set
    to it: registered at the real date instead, the consent's age on `arrived_on` (and so the
    departure's consent guard) would depend on the day the suite runs."""
    with time_machine.travel(datetime.combine(arrived_on, time(10), tzinfo=BAGHDAD), tick=False):
        household = walk_to("departed", worker, register(worker))
        return actions.transition(worker, household, "arrive", {"arrived_on": arrived_on})


def test_arrival_schedules_a_check_in_and_a_prm_in_their_windows(personas):
    arrived_on = date(2026, 3, 1)
    household = arrive(personas["case_worker"], arrived_on)
    due = {f.kind: (f.due_from, f.due_until) for f in household.follow_ups.all()}
    assert due == {
        "check_in": (arrived_on + timedelta(days=7), arrived_on + timedelta(days=14)),
        "prm": (arrived_on + timedelta(days=90), arrived_on + timedelta(days=180)),
    }


def test_correcting_the_arrival_date_moves_follow_ups_not_yet_done(personas):
    worker = personas["case_worker"]
    household = arrive(worker, date(2026, 3, 1))
    check_in = household.follow_ups.get(kind="check_in")
    actions.complete_follow_up(worker, check_in, completed_on=date(2026, 3, 9), answers={})
    actions.correct_arrival_date(worker, household, date(2026, 3, 5))
    check_in.refresh_from_db()
    prm = household.follow_ups.get(kind="prm")
    assert check_in.due_from == date(2026, 3, 8)  # done: left where it was
    assert prm.due_from == date(2026, 3, 5) + timedelta(days=90)
    assert prm.due_until == date(2026, 3, 5) + timedelta(days=180)


def test_a_follow_up_is_overdue_the_day_after_its_window_closes(personas):
    worker = personas["case_worker"]
    household = arrive(worker, date(2026, 3, 1))
    closes = date(2026, 3, 15)
    overdue_on_last_day = queries.overdue_follow_ups(worker, today=closes)
    overdue_next_day = queries.overdue_follow_ups(worker, today=closes + timedelta(days=1))
    assert household.pk not in {f.household_id for f in overdue_on_last_day}
    assert [f.kind for f in overdue_next_day if f.household_id == household.pk] == ["check_in"]


def test_a_check_in_that_finds_a_risk_prompts_a_referral(personas):
    worker = personas["case_worker"]
    household = arrive(worker, date(2026, 3, 1))
    result = actions.complete_follow_up(
        worker,
        household.follow_ups.get(kind="check_in"),
        completed_on=date(2026, 3, 10),
        answers={},
        protection_risk=True,
        referral_need="protection",
    )
    assert result.referral_prompt
    assert household.events.filter(kind="follow_up", payload__protection_risk=True).exists()


def test_cases_waiting_for_an_override_leave_the_worklist_once_approved(personas):
    from .factories import assess_destination

    worker, supervisor = personas["case_worker"], personas["supervisor"]
    household = walk_to("cleared", worker, register(worker))
    calm = walk_to("cleared", worker, register(worker))
    assess_destination(worker, household.destination, explosive_hazards=True)
    assess_destination(worker, calm.destination)
    assert list(queries.awaiting_override(supervisor)) == [household]
    actions.override_destination(supervisor, household, "cleared by UNMAS")
    assert list(queries.awaiting_override(supervisor)) == []
