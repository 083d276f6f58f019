"""Build households in any workflow state by walking the real workflow (no shortcuts)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from masar.accounts.actions import create_user
from masar.accounts.choices import OrganisationKind, Role
from masar.cases import actions
from masar.cases.models import Household
from masar.geo.tests.factories import location_in, site_in

HEAD = {
    "relationship": "head",
    "given_name": "علي",
    "father_name": "حسين",
    "grandfather_name": "كاظم",
    "sex": "m",
    "birth_year": 1985,
}
SPOUSE = {"relationship": "spouse", "given_name": "زينب", "father_name": "محمد", "sex": "f"}
FULL_CONSENT = {
    "consent_informed": True,
    "consent_voluntary": True,
    "consent_services": True,
    "consent_referral": True,
    "consent_authorities": True,
}
# The order in which a case walks to each state, with the data each step needs.
PATH = (
    ("assess", {"needs": {"shelter": {"severity": 2, "notes": "roof damaged"}}}),
    ("request_clearance", {}),
    ("grant_clearance", {"reference": "MoMD-1"}),
    ("schedule_departure", {"transport": "bus"}),
    ("depart", {}),
    ("arrive", {"authority_reference": "ARR-1"}),
)
STATE_AFTER = {
    "assess": "assessed",
    "request_clearance": "clearance_requested",
    "grant_clearance": "cleared",
    "schedule_departure": "departure_scheduled",
    "depart": "departed",
    "arrive": "arrived",
}


def register(user, *, site=None, destination=None, consent=True, **data) -> Household:
    """Register a household of a head and a spouse. Informed consent is what registration
    needs; `consent=False` gives no other (no voluntary decision, services, referral or
    sharing with the authorities)."""
    site = site or site_in("IQG15Q05N01")
    destination = destination or location_in("IQG15Q05N01")
    household_data = {
        "current_site": site,
        "destination": destination,
        "pathway": "return",
        "consent_informed": True,
        **data,
    }
    if consent:
        household_data.update(FULL_CONSENT)
    return actions.register_household(user, household_data, [HEAD, SPOUSE])


def assess_destination(user, location, **data):
    return actions.record_destination_assessment(
        user, location, {"assessed_on": timezone.localdate(), **data}
    )


def officer_for(household: Household):
    """A government officer covering the household's governorate (clearance is theirs alone)."""
    pcode = household.governorate.pcode
    return create_user(
        username=f"officer_{pcode.lower()}",
        role=Role.GOVERNMENT_OFFICER,
        organisation="MoMD",
        organisation_kind=OrganisationKind.GOVERNMENT,
        governorates=[pcode],
    )


def walk_to(state: str, user, household: Household, government=None, today=None) -> Household:
    """Move `household` along the happy path until it reaches `state`; the clearance is
    granted by `government` or by an officer of the household's governorate."""
    today = today or timezone.localdate()
    reached = [STATE_AFTER[action] for action, _data in PATH]
    start = reached.index(household.state) + 1 if household.state in reached else 0
    for action, data in PATH[start:]:
        if household.state == state:
            break
        if action == "schedule_departure":
            assess_destination(user, household.destination)
            data = {**data, "planned_on": today + timedelta(days=3)}
        actor = user
        if action == "grant_clearance":
            actor = government or officer_for(household)
        household = actions.transition(actor, household, action, data, today=today)
    assert household.state == state, household.state
    return household


def is_role(user, role: Role) -> bool:
    return user.memberships.filter(role=role).exists()
