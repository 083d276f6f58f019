"""Registering a household and changing its details, members and consent (not its state)."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from masar.core.numbering import next_case_number
from masar.geo.models import Location, Site

from .. import events
from ..access import may_register_for, registering_organisation, require_household, sees_sensitive
from ..choices import FINAL_STATES, SENSITIVE_VULNERABILITIES, CaseState, Relationship
from ..hooks import RegistrationCheck, registration_candidates
from ..models import Household, Member
from ..registration import member_problems, registration_problems, with_birth_year
from ..workflow import CLEARANCE_BOUND
from .base import after_write, bump

HOUSEHOLD_FIELDS = (
    "current_site",
    "current_location",
    "origin_area",
    "pathway",
    "destination",
    "registration_channel",
    "female_headed",
    "older_person_alone",
    "disability",
    "unaccompanied_child",
    "chronic_illness",
    "survivor",
    "perceived_affiliation",
)
CONSENT_FIELDS = (
    "consent_informed",
    "consent_voluntary",
    "consent_services",
    "consent_referral",
    "consent_authorities",
)
MEMBER_FIELDS = (
    "relationship",
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "latin_name",
    "sex",
    "date_of_birth",
    "birth_year",
    "phone",
    "national_id_number",
    "national_id",
    "civil_id",
    "nationality_cert",
    "birth_cert",
    "passport",
    "wg_seeing",
    "wg_hearing",
    "wg_walking",
    "wg_remembering",
    "wg_selfcare",
    "wg_communicating",
)


def _clean_household_data(user, data: dict, household: Household | None = None) -> dict:
    cleaned = {key: data[key] for key in HOUSEHOLD_FIELDS if key in data}
    if household is None or not sees_sensitive(user, household):
        for flag in SENSITIVE_VULNERABILITIES:
            cleaned.pop(str(flag), None)
    return cleaned


def _validate_registration(data: dict, members: list[dict]) -> None:
    """Refuse a registration that misses what a help desk must record (see `cases.registration`)."""
    if not members:
        raise ValidationError(_("A household needs at least one member."))
    heads = sum(1 for m in members if m.get("relationship") == Relationship.HEAD)
    if heads != 1:
        raise ValidationError(_("A household needs exactly one head of household."))
    problems = registration_problems(data, members)
    if problems:
        raise ValidationError(problems)


def _case_governorate(data: dict):
    site: Site | None = data.get("current_site")
    location: Location | None = data.get("current_location")
    if site is not None:
        return site.governorate
    if location is not None:
        return location.governorate
    raise ValidationError(_("Give the household's current site or location."))


def likely_duplicates(user, people: list[dict]) -> list[RegistrationCheck]:
    """What the duplicate-detection listeners find for the people about to be registered: the
    existing households to show before the household is registered (page, field form alike)."""
    return registration_candidates.call(user, people)


@transaction.atomic
def register_checked(
    user, data: dict, people: list[dict], checks: list[RegistrationCheck], **options
) -> Household:
    """Register after the duplicate check was seen and set aside: the listeners record that the
    household was registered despite their candidates (see `register_household` for options)."""
    household = register_household(user, data, people, **options)
    for check in checks:
        check.registered(user, household)
    return household


@transaction.atomic
def register_household(
    user,
    data: dict,
    members: list[dict],
    *,
    organisation=None,
    registered_on: date | None = None,
    at: datetime | None = None,
) -> Household:
    """Register a household and its members at a help desk, help line or by outreach.

    `at` is when the registration happened, for paper forms entered after the fact. The case
    belongs to an organisation in which the user holds a case grant covering the
    household's governorate; sensitive flags are kept only for a supervisor of that grant.
    """
    _validate_registration(data, members)
    registered_on = registered_on or timezone.localdate()
    members = [with_birth_year(member, registered_on) for member in members]
    governorate = _case_governorate(data)
    if organisation is None:
        organisation_id = registering_organisation(user, governorate.pcode)
    else:
        organisation_id = getattr(organisation, "pk", organisation)
        if not may_register_for(user, organisation_id, governorate.pcode):
            raise PermissionDenied(_("You cannot register cases for this organisation here."))
    household = Household(
        case_number=next_case_number("FVM", registered_on.year),
        organisation_id=organisation_id,
        governorate=governorate,
        registered_on=registered_on,
        created_by=user,
        assigned_to=user,
        **{key: data[key] for key in HOUSEHOLD_FIELDS if key in data},
    )
    if data.get("current_site") is not None and household.current_location_id is None:
        household.current_location = data["current_site"].location
    consent = {key: bool(data.get(key)) for key in CONSENT_FIELDS}
    if any(consent.values()):
        household.consent_at = at or timezone.now()
        household.consent_recorded_by = user
    for key, value in consent.items():
        setattr(household, key, value)
    household.save()
    if not sees_sensitive(user, household):
        unseen = [str(flag) for flag in SENSITIVE_VULNERABILITIES]
        for flag in unseen:
            setattr(household, flag, False)
        household.save(update_fields=unseen)
    new_members = [
        Member(household=household, **{k: m[k] for k in MEMBER_FIELDS if k in m}) for m in members
    ]
    for member in new_members:
        member.refresh_search_key()
    Member.objects.bulk_create(new_members)
    events.registered(household, user, at)
    after_write(household)
    return household


@transaction.atomic
def update_household(user, household: Household, data: dict, *, expected_version: int) -> Household:
    """Change a household's details (not its state): site, destination, pathway, flags.

    Once a clearance was requested for the destination, changing it is the workflow's
    `change_destination` (back to assessed, with a reason), never a detail edit; so is the
    pathway once the case is past registration (`change_pathway`: each pathway has its own
    table of steps, and the timeline must keep both).
    """
    require_household(user, household)
    if household.state in FINAL_STATES:
        raise ValidationError(_("A closed or withdrawn case cannot be edited."))
    changes = {
        key: value
        for key, value in _clean_household_data(user, data, household).items()
        if getattr(household, key) != value
    }
    if "destination" in changes and household.state in CLEARANCE_BOUND:
        raise ValidationError(
            _("The destination was sent for clearance: use “Change destination”, with a reason.")
        )
    if "pathway" in changes and household.state != CaseState.REGISTERED:
        raise ValidationError(_("The case is under way: use “Change pathway”, with a reason."))
    if "current_site" in changes or "current_location" in changes:
        changes["governorate"] = _case_governorate({**data, **changes})
    bump(household, expected_version, **changes)
    if changes:
        events.details_updated(household, user, sorted(changes))
    return household


@transaction.atomic
def record_consent(
    user, household: Household, consent: dict, *, expected_version: int
) -> Household:
    """Record (or renew) the household's informed, voluntary consent and its purposes."""
    require_household(user, household)
    values = {key: bool(consent.get(key)) for key in CONSENT_FIELDS}
    bump(
        household,
        expected_version,
        consent_at=timezone.now(),
        consent_recorded_by=user,
        **values,
    )
    events.record_added(
        household, user, "consent", {"purposes": [k for k, v in values.items() if v]}
    )
    return household


@transaction.atomic
def update_member(user, member: Member, data: dict, *, expected_version: int) -> Member:
    household = member.household
    require_household(user, household)
    fields = [key for key in MEMBER_FIELDS if key in data and getattr(member, key) != data[key]]
    for key in fields:
        setattr(member, key, data[key])
    if fields:
        member.refresh_search_key()
        member.save(update_fields=[*fields, "search_key", "updated_at"])
    bump(household, expected_version)
    if fields:
        events.details_updated(household, user, [f"member.{f}" for f in fields])
    after_write(household)
    return member


@transaction.atomic
def add_member(user, household: Household, data: dict, *, expected_version: int) -> Member:
    require_household(user, household)
    problems = member_problems(data, household.members.count() + 1)
    if problems:
        raise ValidationError(list(problems.values()))
    data = with_birth_year(data, timezone.localdate())
    if (
        data.get("relationship") == Relationship.HEAD
        and household.members.filter(relationship=Relationship.HEAD).exists()
    ):
        raise ValidationError(_("This household already has a head."))
    member = Member(household=household, **{k: data[k] for k in MEMBER_FIELDS if k in data})
    member.refresh_search_key()
    member.save()
    bump(household, expected_version)
    events.details_updated(household, user, ["members"])
    after_write(household)
    return member
