"""Pages in Arabic show the labels of stored codes (states, actions, sectors), never the codes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from masar.cases import actions as case_actions
from masar.cases.tests.factories import register, walk_to
from masar.referrals import actions

from .factories import livelihoods_service, walk

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 5, 10, 12, 0, tzinfo=ZoneInfo("Asia/Baghdad"))


@pytest.fixture
def referral(personas):
    with time_machine.travel(NOON, tick=False):
        service = livelihoods_service(personas["partner"])
        worker = personas["case_worker"]
        household = walk_to("clearance_requested", worker, register(worker))
        household = case_actions.transition(
            personas["government"],
            household,
            "deny_clearance",
            {"reference": "MoMD-7", "decided_on": "2026-05-10"},
        )
        sent = actions.send_referral(worker, household, service, reason="Lost income")
        return walk(sent, personas["partner"], "accept")


def arabic(client, user, path: str) -> str:
    client.force_login(user)
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    assert 'lang="ar"' in response.content.decode()
    return response.content.decode()


def test_the_case_page_names_states_and_actions_in_arabic(personas, client, referral):
    body = arabic(client, personas["case_worker"], f"/cases/{referral.household.uid}/")
    assert "رُفضت الموافقة الأمنية" in body  # the state "Clearance denied"
    assert "(تسجيل رفض الموافقة الأمنية)" in body  # the action "Record clearance denied"
    assert "(إرسال الإحالة)" in body and "(قبول)" in body  # the referral's, through the hook
    for code in ("(deny_clearance)", "(send)", "(accept)", ">clearance_denied<"):
        assert code not in body


def test_the_referral_pages_name_statuses_actions_and_sectors_in_arabic(personas, client, referral):
    listed = arabic(client, personas["case_worker"], "/referrals/")
    assert "مقبولة" in listed and ">accepted<" not in listed
    timeline = arabic(client, personas["case_worker"], f"/referrals/{referral.uid}/")
    assert "إرسال الإحالة → مُرسَلة" in timeline and "قبول → مقبولة" in timeline
    assert "send → sent" not in timeline and "accept → accepted" not in timeline
    report = arabic(client, personas["supervisor"], "/referrals/report/")
    assert "سبل العيش" in report and "<td>livelihoods</td>" not in report


def test_a_referral_withdrawn_is_not_shown_as_the_case_withdrawn(personas, client, referral):
    with time_machine.travel(NOON, tick=False):
        walk(referral, personas["case_worker"], "withdraw")
    body = arabic(client, personas["case_worker"], f"/cases/{referral.household.uid}/")
    assert "(سحب الإحالة)" in body  # "Withdraw referral", not the case's "Withdraw"
