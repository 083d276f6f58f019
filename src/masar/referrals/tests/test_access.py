"""Role matrix for referral pages and endpoints; a partner never reaches the case."""

import pytest

from masar.cases.tests.factories import register
from masar.referrals import actions

from .factories import livelihoods_service

pytestmark = pytest.mark.django_db

SEES_REFERRAL = {"case_worker", "supervisor", "partner", "admin"}


@pytest.fixture
def referral(personas):
    service = livelihoods_service(personas["partner"])
    household = register(personas["case_worker"])
    return actions.send_referral(personas["case_worker"], household, service, reason="Lost income")


@pytest.mark.parametrize(
    "role",
    [
        "case_worker",
        "supervisor",
        "other_case_worker",
        "partner",
        "government",
        "cfm_officer",
        "psea",
        "im_officer",
        "admin",
    ],
)
def test_the_referral_page_and_api_answer_by_role(role, personas, referral, client, api_as):
    user = personas[role]
    client.force_login(user)
    expected = 200 if role in SEES_REFERRAL else 404
    assert client.get(f"/referrals/{referral.uid}/").status_code == expected
    assert api_as(user).get(f"/api/v1/referrals/{referral.uid}/").status_code == expected
    listed = {r["uid"] for r in api_as(user).get("/api/v1/referrals/").json()["results"]}
    assert (str(referral.uid) in listed) == (role in SEES_REFERRAL)


def test_a_partner_cannot_open_the_case_nor_other_organisations_referrals(
    personas, referral, client, api_as
):
    partner = personas["partner"]
    client.force_login(partner)
    assert client.get(f"/cases/{referral.household.uid}/").status_code == 404
    assert api_as(partner).get(f"/api/v1/households/{referral.household.uid}/").status_code == 404
    page = client.get(f"/referrals/{referral.uid}/").content.decode()
    assert "Open the case" not in page
    assert str(referral.household.uid) not in page
    from masar.accounts.models import Organisation
    from masar.referrals.models import Referral

    Referral.objects.filter(pk=referral.pk).update(
        to_organisation=Organisation.objects.get(name="Other NGO")
    )
    assert client.get(f"/referrals/{referral.uid}/").status_code == 404


def test_anonymous_users_are_refused(referral, client, api_as):
    assert client.get(f"/referrals/{referral.uid}/").status_code == 302
    assert api_as().get("/api/v1/referrals/").status_code in (401, 403)
    assert api_as().get("/api/v1/services/").status_code in (401, 403)


def test_a_partner_accepts_and_completes_through_the_api(personas, referral, api_as):
    partner = api_as(personas["partner"])
    url = f"/api/v1/referrals/{referral.uid}/transitions/"
    assert partner.post(url, {"action": "accept"}).json()["status"] == "accepted"
    done = partner.post(url, {"action": "complete", "outcome": "Enrolled"})
    assert done.json()["status"] == "completed"
    refused = partner.post(url, {"action": "accept"})
    assert refused.status_code == 400


def test_a_case_worker_sends_a_referral_through_the_api(personas, api_as):
    service = livelihoods_service(personas["partner"])
    household = register(personas["case_worker"])
    response = api_as(personas["case_worker"]).post(
        "/api/v1/referrals/",
        {"household": str(household.uid), "service": str(service.uid), "reason": "income"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["shared_name"] == "علي حسين"
