"""Step durations around midnight in Baghdad, midnight UTC, a year's end and 29 February.

Each case is registered, departs and arrives at chosen instants; the medians must count days
between Baghdad dates, as the registration and PRM dates are kept."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from masar.cases import actions, queries
from masar.cases.models import Household
from masar.lib.dates import BAGHDAD

from .factories import register, walk_to

pytestmark = pytest.mark.django_db


def baghdad(*parts) -> datetime:
    return datetime(*parts, tzinfo=BAGHDAD)


def walk_at(worker, registered: datetime, departed: datetime, arrived: datetime) -> Household:
    """A case registered, departed and arrived at those instants, its PRM done 100 days after
    its arrival date."""
    with time_machine.travel(registered, tick=False):
        household = walk_to("departure_scheduled", worker, register(worker))
    with time_machine.travel(departed, tick=False):
        household = actions.transition(worker, household, "depart", {})
    with time_machine.travel(arrived, tick=False):
        household = actions.transition(worker, household, "arrive", {})
        prm = household.follow_ups.get(kind="prm")
        arrived_on = household.arrivals.get().arrived_on
        actions.complete_follow_up(
            worker, prm, completed_on=arrived_on + timedelta(days=100), answers={}
        )
    return household


@pytest.mark.parametrize(
    ("registered", "departed", "arrived", "expected"),
    [
        pytest.param(
            baghdad(2026, 12, 1, 10),
            baghdad(2026, 12, 31, 23, 30),  # 20:30 UTC, the same day
            baghdad(2027, 1, 1, 0, 30),  # 21:30 UTC on 31 December
            (30, 1, 100),
            id="new-year-in-baghdad-before-utc",
        ),
        pytest.param(
            baghdad(2028, 2, 1, 9),
            baghdad(2028, 2, 29, 2),  # 23:00 UTC on 28 February
            baghdad(2028, 3, 1, 1),  # 22:00 UTC on 29 February
            (28, 1, 100),
            id="leap-day",
        ),
        pytest.param(
            baghdad(2026, 8, 1, 9),
            baghdad(2026, 8, 31, 23, 30),  # the last day of a 31-day month
            baghdad(2026, 9, 1, 0, 30),  # still 31 August in UTC
            (30, 1, 100),
            id="end-of-a-31-day-month",
        ),
        pytest.param(
            baghdad(2026, 3, 10, 9),
            datetime(2026, 3, 14, 23, 59, tzinfo=UTC),  # 02:59 on 15 March in Baghdad
            datetime(2026, 3, 15, 0, 1, tzinfo=UTC),  # 03:01 on 15 March in Baghdad
            (5, 0, 100),
            id="either-side-of-midnight-utc",
        ),
    ],
)
def test_step_durations_count_days_between_baghdad_dates(
    personas, registered, departed, arrived, expected
):
    worker = personas["case_worker"]
    household = walk_at(worker, registered, departed, arrived)
    durations = queries.step_durations(Household.objects.filter(pk=household.pk))
    assert (
        durations["registration_to_departure"],
        durations["departure_to_arrival"],
        durations["arrival_to_prm"],
    ) == expected


def test_departures_either_side_of_midnight_in_baghdad_count_on_their_own_days(personas):
    worker = personas["case_worker"]
    late = walk_at(
        worker, baghdad(2026, 12, 1, 10), baghdad(2026, 12, 31, 23, 30), baghdad(2027, 1, 2, 12)
    )
    early = walk_at(
        worker, baghdad(2026, 12, 1, 10), baghdad(2027, 1, 1, 0, 30), baghdad(2027, 1, 2, 12)
    )
    durations = queries.step_durations(Household.objects.filter(pk__in=[late.pk, early.pk]))
    assert durations["registration_to_departure"] == 30.5
    assert durations["departure_to_arrival"] == 1.5
