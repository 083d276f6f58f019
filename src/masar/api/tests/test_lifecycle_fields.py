"""Lifecycle fields (a case's state, a ticket's, referral's, round's or emergency's status) move
only through their workflow: no create or update payload of the API sets them."""

from datetime import date

import pytest

from masar.cases.models import Household
from masar.cases.tests.factories import register
from masar.feedback.models import Ticket
from masar.geo.tests.factories import location_in, site_in
from masar.referrals.models import Referral
from masar.referrals.tests.factories import livelihoods_service
from masar.tracking.models import EmergencyEvent, Round

pytestmark = pytest.mark.django_db

# Every value a payload might try to jump to, under every lifecycle field name.
FORGED = {"state": "closed", "status": "closed", "version": 99}


def _household(personas):
    site, destination = site_in("IQG15Q05N01"), location_in("IQG15Q05N01")
    payload = {
        "site": site.external_id, "destination": destination.external_id,
        "pathway": "return",
        "consent_informed": True, "consent_voluntary": True, "consent_referral": True,
        "members": [{"relationship": "head", "given_name": "حسن", "father_name": "جاسم",
                     "grandfather_name": "عباس", "sex": "m", "birth_year": 1979}],
    }  # fmt: skip
    return "case_worker", "/api/v1/households/", payload, Household, "state", "registered"


def _ticket(personas):
    payload = {"channel": "hotline", "type": "information", "contact_preference": "phone",
               "contact_phone": "07701234567", "description": "When is the next visit?",
               "governorate": "IQG15"}  # fmt: skip
    return "cfm_officer", "/api/v1/tickets/", payload, Ticket, "status", "new"


def _referral(personas):
    service = livelihoods_service(personas["partner"])
    household = register(personas["case_worker"])
    payload = {"household": str(household.uid), "service": str(service.uid), "reason": "income"}
    return "case_worker", "/api/v1/referrals/", payload, Referral, "status", "sent"


def _emergency(personas):
    payload = {"name": "Flood", "cause": "flood", "start_date": "2024-03-01"}
    return "im_officer", "/api/v1/emergencies/", payload, EmergencyEvent, "status", "active"


CREATES = {"household": _household, "ticket": _ticket, "referral": _referral,
           "emergency": _emergency}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(CREATES))
def test_a_create_payload_cannot_set_the_lifecycle_field(kind, personas, api_as):
    persona, url, payload, model, field, initial = CREATES[kind](personas)
    api = api_as(personas[persona])

    response = api.post(url, {**payload, **FORGED}, format="json")

    assert response.status_code in (201, 400), response.content
    if response.status_code == 201:
        record = model.objects.get(uid=response.json()["uid"])
        assert getattr(record, field) == initial
        assert response.json()[field] == initial
    assert not model.objects.filter(**{field: "closed"}).exists()


@pytest.mark.parametrize("kind", sorted(CREATES))
def test_no_update_payload_reaches_a_record_with_a_lifecycle(kind, personas, api_as):
    persona, url, payload, model, field, initial = CREATES[kind](personas)
    api = api_as(personas[persona])
    uid = api.post(url, payload, format="json").json()["uid"]

    for method in (api.patch, api.put):
        response = method(f"{url}{uid}/", FORGED, format="json")
        assert response.status_code in (400, 403, 404, 405), (kind, response.status_code)
    assert getattr(model.objects.get(uid=uid), field) == initial


def test_a_round_is_published_only_through_its_transitions(personas, api_as):
    round_ = Round.objects.create(start_date=date(2024, 1, 1), end_date=date(2024, 2, 1))
    api = api_as(personas["im_officer"])

    for method in (api.patch, api.put):
        response = method(f"/api/v1/rounds/{round_.uid}/", {"status": "published"}, format="json")
        assert response.status_code == 405
    assert api.post("/api/v1/rounds/", {"status": "published"}, format="json").status_code == 405
    round_.refresh_from_db()
    assert round_.status == "draft"


def test_an_emergency_is_closed_and_reopened_only_through_its_transitions(personas, api_as):
    event = EmergencyEvent.objects.create(name="Flood", cause="flood", start_date=date(2024, 3, 1))
    url = f"/api/v1/emergencies/{event.uid}/transitions/"

    refused = api_as(personas["case_worker"]).post(url, {"action": "close"}, format="json")
    assert refused.status_code == 403
    manager = api_as(personas["im_officer"])
    closed = manager.post(url, {"action": "close"}, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert manager.post(url, {"action": "close"}, format="json").status_code == 400
    reopened = manager.post(url, {"action": "reopen"}, format="json")
    assert reopened.json()["status"] == "active"
    event.refresh_from_db()
    assert event.status == "active"
