"""The monthly analysis at the edges of months in Baghdad: its bounds, its trend, the months
it offers, and tickets received either side of midnight in Baghdad and in UTC."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from masar.feedback import queries
from masar.lib.dates import BAGHDAD

from .test_tickets import new_ticket

pytestmark = pytest.mark.django_db

NEW_YEARS_EVE = datetime(2026, 12, 31, 23, 30, tzinfo=BAGHDAD)  # 20:30 UTC
NEW_YEARS_DAY = datetime(2027, 1, 1, 0, 30, tzinfo=BAGHDAD)  # 21:30 UTC on 31 December


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def month_counts(result: dict) -> dict[date, int]:
    return {m["month"]: m["tickets"] for m in result["trend"] if m["tickets"]}


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (date(2028, 2, 29), utc(2028, 1, 31, 21), utc(2028, 2, 29, 21)),
        (date(2026, 12, 31), utc(2026, 11, 30, 21), utc(2026, 12, 31, 21)),
        (date(2026, 8, 31), utc(2026, 7, 31, 21), utc(2026, 8, 31, 21)),
    ],
)
def test_a_month_runs_from_midnight_to_midnight_in_baghdad(day, start, end):
    assert queries.month_bounds(day) == (start, end)


@pytest.mark.parametrize(
    ("month", "first", "last"),
    [
        (date(2026, 12, 1), date(2026, 1, 1), date(2026, 12, 1)),
        (date(2027, 1, 1), date(2026, 2, 1), date(2027, 1, 1)),
        (date(2028, 2, 1), date(2027, 3, 1), date(2028, 2, 1)),
        (date(2028, 3, 1), date(2027, 4, 1), date(2028, 3, 1)),
        (date(2029, 3, 1), date(2028, 4, 1), date(2029, 3, 1)),
    ],
)
def test_the_trend_is_the_twelve_calendar_months_up_to_the_month(personas, month, first, last):
    trend = [m["month"] for m in queries.monthly_analysis(personas["cfm_officer"], month)["trend"]]
    assert len(trend) == 12 and len(set(trend)) == 12
    assert (trend[0], trend[-1]) == (first, last)
    assert all(m.day == 1 for m in trend)
    assert trend == sorted(trend)


def test_tickets_either_side_of_midnight_in_baghdad_fall_in_their_baghdad_months(personas):
    officer = personas["cfm_officer"]
    new_ticket(officer, received_at=NEW_YEARS_EVE)
    new_ticket(officer, received_at=NEW_YEARS_DAY)
    new_ticket(officer, received_at=datetime(2027, 1, 31, 23, 59, tzinfo=BAGHDAD))
    with time_machine.travel(datetime(2027, 2, 1, 12, tzinfo=BAGHDAD), tick=False):
        january = queries.monthly_analysis(officer, date(2027, 1, 1))
    assert january["total"] == 2
    assert month_counts(january) == {date(2026, 12, 1): 1, date(2027, 1, 1): 2}


def test_tickets_either_side_of_midnight_utc_fall_in_the_same_baghdad_month(personas):
    officer = personas["cfm_officer"]
    new_ticket(officer, received_at=utc(2026, 8, 31, 20, 59))  # 23:59 Baghdad
    new_ticket(officer, received_at=utc(2026, 8, 31, 23, 59))  # 02:59 Baghdad
    new_ticket(officer, received_at=utc(2026, 9, 1, 0, 1))  # 03:01 Baghdad
    september = queries.monthly_analysis(officer, date(2026, 9, 1))
    assert september["total"] == 2
    assert month_counts(september) == {date(2026, 8, 1): 1, date(2026, 9, 1): 2}


def test_a_ticket_on_29_february_counts_in_february(personas):
    officer = personas["cfm_officer"]
    new_ticket(officer, received_at=datetime(2028, 2, 29, 23, 59, tzinfo=BAGHDAD))
    new_ticket(officer, received_at=datetime(2028, 3, 1, 0, 1, tzinfo=BAGHDAD))
    february = queries.monthly_analysis(officer, date(2028, 2, 29))
    assert february["month"] == date(2028, 2, 1)
    assert february["total"] == 1
    assert queries.monthly_analysis(officer, date(2028, 3, 1))["total"] == 1


# The page: which month it shows by default, and which months it refuses.


@pytest.mark.parametrize(
    ("now", "current"),
    [(NEW_YEARS_EVE, date(2026, 12, 1)), (NEW_YEARS_DAY, date(2027, 1, 1))],
)
def test_the_analysis_opens_on_the_current_month_in_baghdad(personas, login, now, current):
    with time_machine.travel(now, tick=False):
        client = login(personas["cfm_officer"])
        page = client.get("/feedback/analysis/")
        this_month = client.get("/feedback/analysis/", {"month": f"{current:%Y-%m}"})
    assert page.status_code == 200 and page.context["month"] == current
    assert this_month.status_code == 200


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("x", "Choose a month written as YYYY-MM"),
        ("2026-13", "Choose a month written as YYYY-MM"),
        ("2026-00", "Choose a month written as YYYY-MM"),
        ("2026-1", "Choose a month written as YYYY-MM"),
        ("2026-12-01", "Choose a month written as YYYY-MM"),
        ("0001-01", "There is no analysis for 0001-01"),
        ("1999-12", "There is no analysis for 1999-12"),
        ("9999-12", "There is no analysis for 9999-12"),
        ("2027-01", "There is no analysis for 2027-01: choose a month from 2000-01 to 2026-12."),
    ],
)
def test_a_bad_or_out_of_range_month_is_refused_with_a_message(personas, login, month, message):
    with time_machine.travel(NEW_YEARS_EVE, tick=False):
        page = login(personas["cfm_officer"]).get("/feedback/analysis/", {"month": month})
    assert page.status_code == 400
    assert message in page.content.decode()
    assert "result" not in page.context


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_of_a_bad_month_is_refused_too(personas, login, fmt):
    page = login(personas["cfm_officer"]).get("/feedback/analysis/", {"month": "0", "format": fmt})
    assert page.status_code == 400
    assert "Choose a month written as YYYY-MM" in page.content.decode()
