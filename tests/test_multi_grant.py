"""A user with several memberships sees the union of what each grants, and nothing more.

The persona of the acceptance check: a case worker of organisation A in Duhok who is also the
partner focal point of organisation B everywhere. They list exactly A's Duhok households and
the referrals sent to B, through the pages, the API and the exports, and get 404 elsewhere.
A property test then checks, for random sets of grants over a fixed small world, that the
households and referrals visible with all grants are the union of those visible with each.
"""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from masar.accounts.actions import create_user
from masar.accounts.choices import OrganisationKind, Role
from masar.accounts.grants import forget_grants
from masar.accounts.models import Membership, Organisation
from masar.accounts.personas import make_persona
from masar.cases.access import households_visible_to
from masar.cases.actions import create_departure_list
from masar.cases.tests.factories import register
from masar.geo.models import AdminArea
from masar.geo.tests.factories import location_in, site_in
from masar.referrals.access import referrals_visible_to
from masar.referrals.actions import publish_service, send_referral

pytestmark = pytest.mark.django_db

DUHOK, NINEWA, ANBAR = "IQG09", "IQG15", "IQG01"
PLACES = {DUHOK: "IQG09Q02N01", NINEWA: "IQG15Q05N01", ANBAR: "IQG01Q01N01"}


def case_in(worker, governorate: str):
    place = PLACES[governorate]
    return register(worker, site=site_in(place), destination=location_in(place))


def service_of(partner, organisation: str, governorates):
    return publish_service(
        partner,
        Organisation.objects.get(name=organisation),
        {"name": f"Cash for work ({organisation})", "sector": "livelihoods", "response_days": 5},
        AdminArea.objects.filter(pcode__in=governorates),
    )


@pytest.fixture
def world(geography):
    """Two organisations' cases in three governorates, and referrals to two partners."""
    workers = {
        ("A", gov): make_persona(f"a_{gov}", Role.CASE_WORKER, org="Org A", govs=gov)
        for gov in PLACES
    }
    workers |= {
        ("C", gov): make_persona(f"c_{gov}", Role.CASE_WORKER, org="Org C", govs=gov)
        for gov in PLACES
    }
    partners = {
        name: make_persona(f"p_{name}", Role.PARTNER_FOCAL_POINT, org=name)
        for name in ("Org B", "Org D")
    }
    services = {name: service_of(user, name, list(PLACES)) for name, user in partners.items()}
    households, referrals = {}, {}
    for (org, gov), worker in workers.items():
        household = households[(org, gov)] = case_in(worker, gov)
        for partner in services:
            referrals[(org, gov, partner)] = send_referral(
                worker, household, services[partner], reason="Lost income"
            )
    return {"households": households, "referrals": referrals}


@pytest.fixture
def duhok_worker_and_partner(world):
    user = make_persona("two_hats", Role.CASE_WORKER, org="Org A", govs=DUHOK)
    create_user(
        username="two_hats",
        role=Role.PARTNER_FOCAL_POINT,
        organisation="Org B",
        organisation_kind=OrganisationKind.NGO,
    )
    user.refresh_from_db()
    forget_grants(user)
    return user


def test_two_memberships_do_not_pool_into_a_wider_scope(world, duhok_worker_and_partner):
    user = duhok_worker_and_partner
    assert set(households_visible_to(user)) == {world["households"][("A", DUHOK)]}
    expected = {r for (org, gov, partner), r in world["referrals"].items() if partner == "Org B"}
    expected.add(world["referrals"][("A", DUHOK, "Org D")])
    assert set(referrals_visible_to(user)) == expected


def test_the_two_hats_persona_through_pages_api_and_exports(
    world, duhok_worker_and_partner, client, api_as
):
    user = duhok_worker_and_partner
    client.force_login(user)
    api = api_as(user)
    mine = world["households"][("A", DUHOK)]
    listed = api.get("/api/v1/households/").json()["results"]
    assert [h["uid"] for h in listed] == [str(mine.uid)]
    page = client.get("/cases/").content.decode()
    assert mine.case_number in page
    for (org, gov), household in world["households"].items():
        visible = (org, gov) == ("A", DUHOK)
        expected = 200 if visible else 404
        assert client.get(f"/cases/{household.uid}/").status_code == expected
        assert api.get(f"/api/v1/households/{household.uid}/").status_code == expected
        if not visible:
            assert household.case_number not in page
            manifest = api.post(
                f"/api/v1/households/{household.uid}/transitions/",
                {"action": "assess", "data": {}},
                format="json",
            )
            assert manifest.status_code == 404
    for (org, gov, partner), referral in world["referrals"].items():
        visible = partner == "Org B" or (org, gov) == ("A", DUHOK)
        expected = 200 if visible else 404
        assert api.get(f"/api/v1/referrals/{referral.uid}/").status_code == expected
        assert client.get(f"/referrals/{referral.uid}/").status_code == expected
    # Aggregates count only what the grants reach: one household.
    dashboard = client.get("/cases/dashboard/")
    assert dashboard.context["pipeline"]["total"] == 1
    # The departure manifest of another organisation's list is out of reach.
    other = world["households"][("C", DUHOK)]
    other_list = create_departure_list(
        get_user_model().objects.get(username=f"c_{DUHOK}"), other.current_site, other.registered_on
    )
    assert client.get(f"/cases/departures/{other_list.uid}/manifest.xlsx").status_code == 404


GRANT_CHOICES = [
    (role, org, gov)
    for role, org, gov in itertools.product(
        (Role.CASE_WORKER, Role.CASE_SUPERVISOR, Role.PARTNER_FOCAL_POINT, Role.GOVERNMENT_OFFICER),
        ("Org A", "Org B", "Org C", "Org D", "MoMD"),
        (DUHOK, NINEWA, ANBAR, ""),
    )
]


def user_with(username: str, grants) -> object:
    user = None
    for role, org, gov in grants:
        user = create_user(username=username, role=role, organisation=org, governorates=[gov])
    # A role held twice in one organisation is one membership: keep the governorates of each.
    if user is None:
        return None
    Membership.objects.filter(user=user).delete()
    for role, org, gov in grants:
        membership, _ = Membership.objects.get_or_create(
            user=user, organisation=Organisation.objects.get(name=org), role=role
        )
        if gov:
            membership.governorates.add(AdminArea.objects.get(pcode=gov))
    forget_grants(user)
    return user


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(GRANT_CHOICES), min_size=1, max_size=4, unique_by=lambda g: g[:2]))
def test_visibility_with_many_grants_is_the_union_of_each_grants_visibility(world, grants):
    Organisation.objects.get_or_create(name="MoMD", defaults={"kind": OrganisationKind.GOVERNMENT})
    together = user_with("together", grants)
    union_households, union_referrals = set(), set()
    for number, grant in enumerate(grants):
        alone = user_with(f"alone_{number}", [grant])
        union_households |= set(households_visible_to(alone))
        union_referrals |= set(referrals_visible_to(alone))
    assert set(households_visible_to(together)) == union_households
    assert set(referrals_visible_to(together)) == union_referrals
