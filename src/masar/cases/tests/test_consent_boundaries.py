"""Consent validity counts Baghdad days: a consent given just after midnight in Baghdad (still
the previous day in UTC) belongs to the Baghdad date, as does the day the transition runs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from masar.cases.guards import consent_is_current
from masar.cases.models import Household
from masar.cases.workflow import WORKFLOW
from masar.core.workflow import Context

VALID_DAYS = 180


def consented_at(instant: datetime) -> Household:
    return Household(consent_informed=True, consent_voluntary=True, consent_at=instant)


def check(household: Household, today: date) -> str | None:
    context = Context(None, household, WORKFLOW.get("depart"), today, timezone.now())
    return consent_is_current(context)


@pytest.fixture(autouse=True)
def _validity(settings):
    settings.MASAR = {**settings.MASAR, "CONSENT_VALID_DAYS": VALID_DAYS}


@pytest.mark.parametrize(
    "instant, baghdad_date",
    [
        # 00:30 on 4 June in Baghdad is 21:30 on 3 June in UTC.
        (datetime(2026, 6, 3, 21, 30, tzinfo=UTC), date(2026, 6, 4)),
        # 23:30 on 31 December in Baghdad is 20:30 UTC, the same day in both.
        (datetime(2026, 12, 31, 20, 30, tzinfo=UTC), date(2026, 12, 31)),
        # Just before and just after midnight UTC (03:00 in Baghdad).
        (datetime(2027, 2, 28, 23, 59, tzinfo=UTC), date(2027, 3, 1)),
        (datetime(2027, 3, 1, 0, 1, tzinfo=UTC), date(2027, 3, 1)),
        # 29 February of a leap year, late in the Baghdad evening.
        (datetime(2028, 2, 29, 20, 59, tzinfo=UTC), date(2028, 2, 29)),
        (datetime(2028, 2, 29, 21, 0, tzinfo=UTC), date(2028, 3, 1)),
    ],
)
def test_consent_is_current_for_exactly_the_valid_baghdad_days(instant, baghdad_date):
    household = consented_at(instant)
    last_valid = baghdad_date + timedelta(days=VALID_DAYS)
    assert check(household, last_valid) is None
    assert "renewed consent" in check(household, last_valid + timedelta(days=1))


def test_consent_is_current_on_the_day_it_is_given():
    household = consented_at(datetime(2026, 12, 31, 20, 59, tzinfo=UTC))
    assert check(household, date(2026, 12, 31)) is None
