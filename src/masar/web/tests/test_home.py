"""The home page says what to do today: a panel per area of work the user's roles call for
(cases, clearances, referrals, tickets, rounds), each with a few figures, the first records
and a link to the full list, in a constant number of queries, in English and Arabic."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masar.accounts.models import AccessLog
from masar.cases.tests.factories import register, walk_to
from masar.feedback import actions as ticket_actions
from masar.geo.models import AdminArea
from masar.geo.tests.factories import location_in
from masar.referrals import actions as referral_actions
from masar.referrals.tests.factories import livelihoods_service
from masar.tracking.models import Figure, ImportBatch, Round

pytestmark = pytest.mark.django_db

BAGHDAD = ZoneInfo("Asia/Baghdad")
START = datetime(2026, 3, 2, 9, tzinfo=BAGHDAD)
# Past every follow-up's window of a case that arrived at START, and every referral's answer.
LATER = START + timedelta(days=400)
PANELS = ("panel-cases", "panel-clearances", "panel-referrals", "panel-tickets", "panel-rounds")
CHANGE = {"kind": "change", "location": "L-1", "population": "idp",
          "reason": "families changed from 10 to 90 since Round 132"}  # fmt: skip


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def arrived_case(personas):
    """A case of the Ninewa case worker that arrived, its follow-ups scheduled."""
    household = register(personas["case_worker"])
    return walk_to("arrived", personas["case_worker"], household, personas["government"])


def clearance_requested(personas):
    household = register(personas["case_worker"])
    return walk_to("clearance_requested", personas["case_worker"], household)


def referral(personas, service):
    return referral_actions.send_referral(
        personas["case_worker"], register(personas["case_worker"]), service, reason="Lost income"
    )


def ticket(personas, **data):
    return ticket_actions.create_ticket(
        personas["cfm_officer"],
        {
            "channel": "hotline",
            "type": "information",
            "contact_preference": "phone",
            "contact_phone": "07701234567",
            "description": "When is the next go-and-see visit?",
            "governorate": AdminArea.objects.get(pcode="IQG15"),
            **data,
        },
    )


def round_with_warning(personas, end: date) -> Round:
    round_ = Round.objects.create(start_date=end.replace(day=1), end_date=end)
    batch = ImportBatch.objects.create(
        round=round_,
        kind="masterlist",
        filename=f"round-{end:%Y%m}.xlsx",
        checksum=f"{end:%Y%m%d}".ljust(64, "c"),
        outcome="imported",
        report={"warnings": [CHANGE, {**CHANGE, "location": "L-2"}]},
        uploaded_by=personas["im_officer"],
    )
    place = location_in("IQG15Q05N01", external_id=f"L-{end:%Y%m}")
    Figure.objects.create(round=round_, location=place, population_type="idp", shelter="camp",
                          families=90, individuals=450, batch=batch)  # fmt: skip
    return round_


def panels_on(body: str) -> set[str]:
    return {panel for panel in PANELS if f'id="{panel}"' in body}


def home(client, user, **extra) -> str:
    client.force_login(user)
    response = client.get("/", **extra)
    assert response.status_code == 200
    return response.content.decode()


def test_a_case_worker_sees_their_caseload_and_overdue_follow_ups(clock, personas, client):
    case = arrived_case(personas)
    waiting = register(personas["case_worker"])
    clock.move_to(LATER)
    body = home(client, personas["case_worker"])
    assert panels_on(body) == {"panel-cases"}
    assert case.case_number in body and waiting.case_number not in body
    assert 'href="/cases/worklists/"' in body and 'href="/cases/?state=arrived"' in body
    assert 'href="/cases/?state=registered"' in body and "follow-ups overdue" in body
    logged = AccessLog.objects.filter(user=personas["case_worker"], record_type="household")
    assert set(logged.values_list("record_uid", flat=True)) >= {case.uid}


def test_a_case_worker_of_another_organisation_sees_none_of_those_cases(clock, personas, client):
    case = arrived_case(personas)
    clock.move_to(LATER)
    body = home(client, personas["other_case_worker"])
    assert panels_on(body) == {"panel-cases"}
    assert case.case_number not in body and "?state=arrived" not in body


def test_a_government_officer_sees_the_clearance_queue(clock, personas, client):
    case = clearance_requested(personas)
    body = home(client, personas["government"])
    assert panels_on(body) == {"panel-clearances"}
    assert case.case_number in body and f'href="/cases/{case.uid}/"' in body
    assert 'href="/cases/?state=clearance_requested"' in body


def test_a_partner_sees_the_referral_inbox_with_the_overdue_first(clock, personas, client):
    service = livelihoods_service(personas["partner"])
    late = referral(personas, service)
    clock.move_to(START + timedelta(days=6))
    recent = referral(personas, service)
    body = home(client, personas["partner"])
    assert panels_on(body) == {"panel-referrals"}
    assert body.index(late.reference) < body.index(recent.reference)
    assert body.count('class="badge high"') == 1 and 'href="/referrals/"' in body


def test_a_cfm_officer_sees_the_ticket_worklist(clock, personas, client):
    late = ticket(personas, priority="urgent")
    clock.move_to(START + timedelta(days=30))
    fresh = ticket(personas)
    body = home(client, personas["cfm_officer"])
    assert panels_on(body) == {"panel-tickets"}
    assert body.index(late.reference) < body.index(fresh.reference)
    assert 'href="/feedback/"' in body and "Urgent" in body


def test_an_im_officer_sees_the_latest_round_and_its_open_warnings(clock, personas, client):
    round_with_warning(personas, date(2025, 12, 31))
    latest = round_with_warning(personas, date(2026, 2, 28))
    body = home(client, personas["im_officer"])
    assert panels_on(body) == {"panel-rounds"}
    assert f'href="/tracking/rounds/{latest.uid}/#warnings"' in body
    assert CHANGE["reason"] in body and ">Draft</span>" in body


def test_a_user_without_a_role_sees_no_panel(client):
    nobody = get_user_model().objects.create_user("nobody", password="x-long-password-1")
    body = home(client, nobody)
    assert panels_on(body) == set()
    assert "You have no role yet" in body


def test_a_user_with_two_roles_sees_both_panels(clock, personas, multi_grant_personas, client):
    body = home(client, multi_grant_personas["worker_and_partner"])
    assert panels_on(body) == {"panel-cases", "panel-referrals"}


ARABIC = {
    "case_worker": ("panel-cases", "حالاتك", "Your cases"),
    "government": ("panel-clearances", "قائمة انتظار الموافقات الأمنية", "Clearance queue"),
    "partner": ("panel-referrals", "صندوق الإحالات الواردة", "Referral inbox"),
    "cfm_officer": ("panel-tickets", "تذاكر الملاحظات", "Feedback tickets"),
    "im_officer": ("panel-rounds", "جولات التتبع", "Tracking rounds"),
}


@pytest.mark.parametrize("persona", ARABIC)
def test_each_panel_is_in_arabic_for_an_arabic_browser(persona, personas, client):
    panel, arabic, english = ARABIC[persona]
    body = home(client, personas[persona], HTTP_ACCEPT_LANGUAGE="ar")
    assert panels_on(body) == {panel}
    assert 'dir="rtl"' in body and arabic in body and english not in body


def test_the_language_cookie_chooses_arabic(personas, client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    body = home(client, personas["case_worker"])
    assert "حالاتك" in body and "الأماكن التي تغطيها" in body


def queries_for(client, user) -> int:
    """The queries of the home page once signed in (the first request of a session also
    writes the session: measured apart)."""
    client.force_login(user)
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured)


def more_cases(personas):
    arrived_case(personas)
    register(personas["case_worker"])


def more_clearances(personas):
    clearance_requested(personas)


def more_referrals(personas):
    service = livelihoods_service(personas["partner"], name=f"Service {Round.objects.count()}")
    referral(personas, service)
    referral(personas, service)


def more_tickets(personas):
    ticket(personas, priority="high")
    ticket(personas)


def more_rounds(personas):
    # Each call adds a round with its warnings, before the earliest.
    earliest = Round.objects.order_by("end_date").first()
    end = date(2026, 2, 28) if earliest is None else earliest.start_date - timedelta(days=1)
    round_with_warning(personas, end)


GROWTH = {
    "case_worker": more_cases,
    "government": more_clearances,
    "partner": more_referrals,
    "cfm_officer": more_tickets,
    "im_officer": more_rounds,
}


@pytest.mark.parametrize("persona", GROWTH)
def test_the_home_page_costs_the_same_queries_with_more_records(
    persona, clock, personas, client, django_assert_num_queries
):
    grow, user = GROWTH[persona], personas[persona]
    grow(personas)
    clock.move_to(LATER)
    few = queries_for(client, user)
    clock.move_to(START)
    for _ in range(3):
        grow(personas)
    clock.move_to(LATER)
    with django_assert_num_queries(few):
        assert client.get("/").status_code == 200
    assert few <= 25
