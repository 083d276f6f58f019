"""The partner's inbox in figures (the home page's panel): overdue by each service's own
response time, counted by the database, and the overdue referrals listed first."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from masar.cases.tests.factories import register
from masar.referrals import actions, queries

from .factories import livelihoods_service, walk

pytestmark = pytest.mark.django_db

SENT = datetime(2026, 5, 31, 23, 30, tzinfo=ZoneInfo("Asia/Baghdad"))


def send(personas, service):
    household = register(personas["case_worker"])
    return actions.send_referral(personas["case_worker"], household, service, reason="Lost income")


def test_each_referral_is_overdue_after_its_own_services_response_time(personas):
    with time_machine.travel(SENT, tick=False):
        quick = livelihoods_service(personas["partner"], name="Quick", response_days=2)
        slow = livelihoods_service(personas["partner"], name="Slow", response_days=5)
        slow_referral = send(personas, slow)
        quick_referral = send(personas, quick)
        accepted = walk(send(personas, quick), personas["partner"], "accept")
    at_deadline = SENT + timedelta(days=2)
    summary = queries.inbox_summary(personas["partner"], now=at_deadline)
    assert (summary["new"], summary["overdue"], summary["open"]) == (2, 0, 3)
    just_after = at_deadline + timedelta(seconds=1)
    summary = queries.inbox_summary(personas["partner"], now=just_after)
    assert (summary["new"], summary["overdue"], summary["open"]) == (2, 1, 3)
    assert summary["first"] == [quick_referral, slow_referral]
    assert quick_referral.is_overdue(just_after) and not slow_referral.is_overdue(just_after)
    assert accepted not in summary["first"]


def test_the_sender_has_no_inbox_of_what_they_sent(personas):
    send(personas, livelihoods_service(personas["partner"]))
    summary = queries.inbox_summary(personas["case_worker"], now=SENT + timedelta(days=30))
    assert (summary["new"], summary["overdue"], summary["open"], summary["first"]) == (0, 0, 0, [])
