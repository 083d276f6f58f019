"""Role matrix for referral pages and endpoints; a partner never reaches the case."""

import pytest
from django.core.exceptions import PermissionDenied

from masar.accounts.choices import Role
from masar.accounts.models import Organisation
from masar.accounts.personas import make_persona
from masar.cases.tests.factories import register
from masar.geo.models import AdminArea
from masar.geo.tests.factories import location_in, site_in
from masar.referrals import actions, queries
from masar.referrals.access import referrals_visible_to
from masar.referrals.workflow import REFERRAL_WORKFLOW

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

    type(referral).objects.filter(pk=referral.pk).update(
        to_organisation=Organisation.objects.get(name="Other NGO")
    )
    assert client.get(f"/referrals/{referral.uid}/").status_code == 404


def test_anonymous_users_are_refused(referral, client, api_as):
    assert client.get(f"/referrals/{referral.uid}/").status_code == 302
    assert api_as().get("/api/v1/referrals/").status_code in (401, 403)
    assert api_as().get("/api/v1/services/").status_code in (401, 403)


def test_a_case_worker_sends_a_referral_through_the_api(personas, api_as):
    service = livelihoods_service(personas["partner"])
    household = register(personas["case_worker"])
    response = api_as(personas["case_worker"]).post(
        "/api/v1/referrals/",
        {"household": str(household.uid), "service": str(service.uid), "reason": "income"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["shared_name"] == "علي حسين كاظم"


def test_two_grants_of_one_user_never_pool_into_a_wider_one(
    personas, multi_grant_personas, client, api_as
):
    # Given Help Desk NGO's case worker in Ninewa who is also Shelter Iraq's focal point
    # country-wide, and referrals of both organisations' cases in Ninewa and Anbar
    user = multi_grant_personas["worker_and_partner"]
    both = AdminArea.objects.filter(pcode__in=("IQG15", "IQG01"))
    livelihoods = livelihoods_service(personas["partner"], governorates=("IQG15", "IQG01"))
    shelter = actions.publish_service(
        user,
        Organisation.objects.get(name="Shelter Iraq"),
        {"name": "Shelter rehabilitation", "sector": "shelter"},
        both,
    )
    help_desk_in_anbar = make_persona("cw_hd_anbar", Role.CASE_WORKER, govs="IQG01")
    other = personas["other_case_worker"]
    in_anbar = {"site": site_in("IQG01Q01N01"), "destination": location_in("IQG01Q01N01")}

    def refer(worker, service, **where):
        household = register(worker, **where)
        return actions.send_referral(worker, household, service, reason="Needs")

    ours_in_ninewa = refer(personas["case_worker"], livelihoods)
    ours_in_anbar = refer(help_desk_in_anbar, livelihoods, **in_anbar)
    received = refer(other, shelter, **in_anbar)
    elsewhere = refer(other, livelihoods, **in_anbar)

    # Then they see their organisation's referrals in their governorate and their inbox, only
    assert set(referrals_visible_to(user)) == {ours_in_ninewa, received}
    client.force_login(user)
    api = api_as(user)
    for referral, expected in (
        (ours_in_ninewa, 200), (received, 200), (ours_in_anbar, 404), (elsewhere, 404)
    ):  # fmt: skip
        assert client.get(f"/referrals/{referral.uid}/").status_code == expected
        assert api.get(f"/api/v1/referrals/{referral.uid}/").status_code == expected
    listed = {r["uid"] for r in api.get("/api/v1/referrals/").json()["results"]}
    assert listed == {str(ours_in_ninewa.uid), str(received.uid)}
    assert queries.inbox(user)["new"] == [received]
    assert list(queries.sent_by_my_organisation(user)) == [ours_in_ninewa]

    # And each grant acts only in its own right: receive for Shelter Iraq, withdraw for the case
    with pytest.raises(PermissionDenied):
        REFERRAL_WORKFLOW.run(user, ours_in_ninewa, "accept")
    with pytest.raises(PermissionDenied):
        REFERRAL_WORKFLOW.run(user, received, "withdraw", {"reason": "x"})
    assert REFERRAL_WORKFLOW.run(user, received, "accept").status == "accepted"
    withdrawn = REFERRAL_WORKFLOW.run(user, ours_in_ninewa, "withdraw", {"reason": "Moved"})
    assert withdrawn.status == "withdrawn"
    page = client.get(f"/referrals/{received.uid}/").content.decode()
    assert "Open the case" not in page


def test_sending_asks_for_a_case_grant_over_the_household(personas, multi_grant_personas):
    service = livelihoods_service(personas["partner"])
    household = register(personas["case_worker"])
    for refused in ("partner", "other_case_worker", "government", "cfm_officer", "im_officer"):
        with pytest.raises(PermissionDenied):
            actions.send_referral(personas[refused], household, service, reason="x")
    anbar_supervisor = make_persona("sup_anbar", Role.CASE_SUPERVISOR, govs="IQG01")
    without_consent = register(personas["case_worker"], consent=False)
    with pytest.raises(PermissionDenied):
        actions.send_referral(
            anbar_supervisor, without_consent, service, reason="x", override_reason="urgent"
        )
    sent = actions.send_referral(
        multi_grant_personas["worker_and_partner"], household, service, reason="Lost income"
    )
    assert sent.status == "sent" and sent.events.get().action == "send"
