"""Every write to a case. Pages, the API, commands and the demo generator all call these.

Each action is atomic, checks the user's right to act on the case, writes the timeline, and bumps
the household's version so that a form opened before someone else's change cannot overwrite it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from masar.accounts.scope import get_scope
from masar.core.numbering import next_case_number
from masar.geo.models import Location, Site

from . import events
from .access import CASE_ROLES, can_override, households_visible_to, sees_sensitive
from .choices import (
    BEFORE_DEPARTURE,
    FINAL_STATES,
    SENSITIVE_VULNERABILITIES,
    CaseState,
    ClearanceDecision,
    ClosureOutcome,
    FollowUpKind,
    FollowUpStatus,
    PaymentPurpose,
    PaymentStatus,
    Relationship,
    Sector,
)
from .durability import assess_criteria, iris_composite, overall_category
from .hooks import household_written
from .models import (
    Arrival,
    Assessment,
    Clearance,
    Departure,
    DepartureList,
    DestinationAssessment,
    DurabilityAssessment,
    FollowUp,
    FollowUpAttempt,
    Household,
    Member,
    Payment,
    Visit,
)
from .workflow import destination_concerns, follow_up_windows, get_transition, unmet_guards


class StaleCase(ValidationError):
    """The case changed since the form was opened."""

    def __init__(self):
        super().__init__(
            _(
                "This case was changed by someone else since you opened it. "
                "Reload the page to see the changes, then try again."
            ),
            code="stale",
        )


class GuardsUnmet(ValidationError):
    """A transition's guards are not met; `missing` names each gap."""

    def __init__(self, label: str, missing: list[str]):
        self.missing = missing
        super().__init__(
            _("%(action)s needs: %(missing)s.") % {"action": label, "missing": "; ".join(missing)},
            code="guards",
        )


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


def _require_case_role(user, household: Household | None = None) -> None:
    scope = get_scope(user)
    if not scope.has_role(*CASE_ROLES, "admin"):
        raise PermissionDenied(_("Only case workers and supervisors can do this."))
    if household is not None and not (scope.superuser or scope.has_role("admin")):
        if household.organisation_id not in scope.orgs_with_role(*CASE_ROLES):
            raise PermissionDenied(_("This case belongs to another organisation."))
        if not scope.covers_governorate(household.governorate.pcode):
            raise PermissionDenied(_("This case is outside your governorates."))


def _bump(household: Household, expected_version: int | None, **changes: Any) -> None:
    """Save `changes` if the household is still at `expected_version` (None: don't check)."""
    query = Household.objects.filter(pk=household.pk)
    if expected_version is not None:
        query = query.filter(version=expected_version)
    updated = query.update(version=F("version") + 1, updated_at=timezone.now(), **changes)
    if not updated:
        raise StaleCase()
    household.refresh_from_db()


def _clean_household_data(user, data: dict) -> dict:
    cleaned = {key: data[key] for key in HOUSEHOLD_FIELDS if key in data}
    if not sees_sensitive(user):
        for flag in SENSITIVE_VULNERABILITIES:
            cleaned.pop(str(flag), None)
    return cleaned


def _validate_members(members: list[dict]) -> None:
    if not members:
        raise ValidationError(_("A household needs at least one member."))
    heads = sum(1 for m in members if m.get("relationship") == Relationship.HEAD)
    if heads != 1:
        raise ValidationError(_("A household needs exactly one head of household."))
    for number, member in enumerate(members, start=1):
        if not (member.get("given_name") or "").strip():
            raise ValidationError(_("Member %(n)s has no given name.") % {"n": number})
        if member.get("sex") not in ("f", "m"):
            raise ValidationError(_("Member %(n)s has no sex recorded.") % {"n": number})


def _case_governorate(data: dict):
    site: Site | None = data.get("current_site")
    location: Location | None = data.get("current_location")
    if site is not None:
        return site.governorate
    if location is not None:
        return location.governorate
    raise ValidationError(_("Give the household's current site or location."))


@transaction.atomic
def register_household(
    user,
    data: dict,
    members: list[dict],
    *,
    organisation=None,
    registered_on: date | None = None,
) -> Household:
    """Register a household and its members at a help desk, help line or by outreach."""
    _require_case_role(user)
    scope = get_scope(user)
    _validate_members(members)
    governorate = _case_governorate(data)
    if not scope.covers_governorate(governorate.pcode):
        raise PermissionDenied(_("The household's site is outside your governorates."))
    if organisation is None:
        orgs = sorted(scope.orgs_with_role(*CASE_ROLES)) or sorted(scope.organisation_ids)
        if not orgs:
            raise PermissionDenied(_("You are not a member of any organisation."))
        organisation = orgs[0]
    registered_on = registered_on or timezone.localdate()
    household = Household(
        case_number=next_case_number("FVM", registered_on.year),
        organisation_id=getattr(organisation, "pk", organisation),
        governorate=governorate,
        registered_on=registered_on,
        created_by=user,
        assigned_to=user,
        **_clean_household_data(user, data),
    )
    if data.get("current_site") is not None and household.current_location_id is None:
        household.current_location = data["current_site"].location
    consent = {key: bool(data.get(key)) for key in CONSENT_FIELDS}
    if any(consent.values()):
        household.consent_at = timezone.now()
        household.consent_recorded_by = user
    for key, value in consent.items():
        setattr(household, key, value)
    household.save()
    new_members = [
        Member(household=household, **{k: m[k] for k in MEMBER_FIELDS if k in m}) for m in members
    ]
    for member in new_members:
        member.refresh_search_key()
    Member.objects.bulk_create(new_members)
    events.registered(household, user)
    _after_write(household)
    return household


def _after_write(household: Household) -> None:
    """Let other apps react (duplicate-detection keys) once the write is committed."""
    transaction.on_commit(lambda: household_written.call(household.pk))


@transaction.atomic
def update_household(user, household: Household, data: dict, *, expected_version: int) -> Household:
    """Change a household's details (not its state): site, destination, pathway, flags."""
    _require_case_role(user, household)
    if household.state in FINAL_STATES:
        raise ValidationError(_("A closed or withdrawn case cannot be edited."))
    changes = {
        key: value
        for key, value in _clean_household_data(user, data).items()
        if getattr(household, key) != value
    }
    if "current_site" in changes or "current_location" in changes:
        changes["governorate"] = _case_governorate({**data, **changes})
    _bump(household, expected_version, **changes)
    if changes:
        events.details_updated(household, user, sorted(changes))
    return household


@transaction.atomic
def record_consent(
    user, household: Household, consent: dict, *, expected_version: int
) -> Household:
    """Record (or renew) the household's informed, voluntary consent and its purposes."""
    _require_case_role(user, household)
    values = {key: bool(consent.get(key)) for key in CONSENT_FIELDS}
    _bump(
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
    _require_case_role(user, household)
    fields = [key for key in MEMBER_FIELDS if key in data and getattr(member, key) != data[key]]
    for key in fields:
        setattr(member, key, data[key])
    if fields:
        member.refresh_search_key()
        member.save(update_fields=[*fields, "search_key", "updated_at"])
    _bump(household, expected_version)
    if fields:
        events.details_updated(household, user, [f"member.{f}" for f in fields])
    _after_write(household)
    return member


@transaction.atomic
def add_member(user, household: Household, data: dict, *, expected_version: int) -> Member:
    _require_case_role(user, household)
    if not (data.get("given_name") or "").strip() or data.get("sex") not in ("f", "m"):
        raise ValidationError(_("A member needs a given name and sex."))
    if (
        data.get("relationship") == Relationship.HEAD
        and household.members.filter(relationship=Relationship.HEAD).exists()
    ):
        raise ValidationError(_("This household already has a head."))
    member = Member(household=household, **{k: data[k] for k in MEMBER_FIELDS if k in data})
    member.refresh_search_key()
    member.save()
    _bump(household, expected_version)
    events.details_updated(household, user, ["members"])
    _after_write(household)
    return member


def available_actions(user, household: Household, today: date | None = None) -> list[dict]:
    """The transitions open to the user from the case's state, each with what is still missing."""
    from .workflow import TRANSITIONS

    today = today or timezone.localdate()
    scope = get_scope(user)
    options = []
    for t in TRANSITIONS:
        if household.state not in t.sources or not scope.has_role(*t.roles):
            continue
        options.append(
            {"action": t.action, "label": t.label, "missing": unmet_guards(t, household, today)}
        )
    return options


@transaction.atomic
def transition(
    user,
    household: Household,
    action: str,
    data: dict | None = None,
    *,
    expected_version: int | None = None,
    today: date | None = None,
) -> Household:
    """Move a case through the workflow: check role, state and guards, record the step, log it."""
    data = data or {}
    today = today or timezone.localdate()
    t = get_transition(action)
    if t is None:
        raise ValidationError(_("Unknown action %(action)s.") % {"action": action})
    scope = get_scope(user)
    if not scope.has_role(*t.roles):
        raise PermissionDenied(_("Your role cannot do this."))
    if scope.has_role(*CASE_ROLES, "admin"):
        _require_case_role(user, household)
    elif not households_visible_to(user).filter(pk=household.pk).exists():
        # Government officers act only on the cases sent to them.
        raise PermissionDenied(_("This case was not sent to you."))
    household = Household.objects.select_for_update().get(pk=household.pk)
    if expected_version is not None and household.version != expected_version:
        raise StaleCase()
    if household.state not in t.sources:
        raise ValidationError(
            _("%(action)s is not possible from the state “%(state)s”.")
            % {"action": t.label, "state": household.get_state_display()}
        )
    missing = unmet_guards(t, household, today)
    if missing:
        raise GuardsUnmet(str(t.label), missing)
    payload = STEP_HANDLERS[action](user, household, data, today)
    from_state = household.state
    changes = payload.pop("_changes", {})
    _bump(household, household.version, state=t.target, **changes)
    events.transitioned(household, user, action, from_state, data.get("reason", ""), payload)
    return household


def _date(data: dict, key: str, today: date) -> date:
    value = data.get(key) or today
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if value > today + timedelta(days=366):
        raise ValidationError(_("The date %(date)s is too far in the future.") % {"date": value})
    return value


def _assess(user, household, data, today) -> dict:
    needs = {}
    for sector, need in (data.get("needs") or {}).items():
        if sector not in Sector.values:
            raise ValidationError(_("Unknown sector %(sector)s.") % {"sector": sector})
        severity = int(need.get("severity", 0))
        if severity not in range(4):
            raise ValidationError(_("Need severity runs from 0 to 3."))
        needs[sector] = {"severity": severity, "notes": str(need.get("notes", ""))[:1000]}
    assessment = Assessment.objects.create(
        household=household,
        assessed_on=_date(data, "assessed_on", today),
        assessed_by=user,
        needs=needs,
    )
    return {"assessment_id": assessment.pk, "sectors": sorted(needs)}


def _request_clearance(user, household, data, today) -> dict:
    clearance = Clearance.objects.create(
        household=household, requested_on=_date(data, "requested_on", today), requested_by=user
    )
    return {"clearance_id": clearance.pk}


def _decide_clearance(decision: str):
    def handler(user, household, data, today) -> dict:
        clearance = household.clearances.filter(decision=ClearanceDecision.PENDING).first()
        if clearance is None:
            clearance = Clearance(household=household, requested_on=today, requested_by=user)
        clearance.decision = decision
        clearance.reference = str(data.get("reference", ""))[:60]
        clearance.decided_on = _date(data, "decided_on", today)
        clearance.decided_by = user
        clearance.save()
        return {"clearance_id": clearance.pk, "decision": decision}

    return handler


def _schedule_departure(user, household, data, today) -> dict:
    planned_on = _date(data, "planned_on", today)
    if planned_on < today:
        raise ValidationError(_("The planned departure date is in the past."))
    departure = Departure.objects.create(
        household=household,
        planned_on=planned_on,
        transport=str(data.get("transport", ""))[:120],
        nfi_kit=bool(data.get("nfi_kit")),
        asset_removal=bool(data.get("asset_removal")),
        authorities_notified_on=data.get("authorities_notified_on") or None,
        departure_list=data.get("departure_list"),
    )
    return {"departure_id": departure.pk, "planned_on": planned_on.isoformat()}


def _depart(user, household, data, today) -> dict:
    departed_on = _date(data, "departed_on", today)
    departure = household.departures.filter(cancelled=False).order_by("-id").first()
    if departure is None:
        raise ValidationError(_("No departure is scheduled."))
    departure.departed_on = departed_on
    departure.save(update_fields=["departed_on"])
    return {"departure_id": departure.pk, "departed_on": departed_on.isoformat()}


def _arrive(user, household, data, today) -> dict:
    arrived_on = _date(data, "arrived_on", today)
    departure = household.departures.exclude(departed_on=None).order_by("-id").first()
    if departure is not None and arrived_on < departure.departed_on:
        raise ValidationError(_("The arrival date is before the departure date."))
    location = data.get("location") or household.destination
    if location is None:
        raise ValidationError(_("Give the location the household arrived at."))
    arrival = Arrival.objects.create(
        household=household,
        arrived_on=arrived_on,
        location=location,
        authority_reference=str(data.get("authority_reference", ""))[:60],
        recorded_by=user,
    )
    _schedule_follow_ups(household, arrived_on)
    return {"arrival_id": arrival.pk, "arrived_on": arrived_on.isoformat()}


def _schedule_follow_ups(household: Household, arrived_on: date) -> None:
    for kind, (earliest, latest) in follow_up_windows().items():
        FollowUp.objects.create(
            household=household,
            kind=kind,
            due_from=arrived_on + timedelta(days=earliest),
            due_until=arrived_on + timedelta(days=latest),
        )


def _start_monitoring(user, household, data, today) -> dict:
    return {}


def _close(user, household, data, today) -> dict:
    outcome = data.get("outcome")
    if outcome not in ClosureOutcome.values:
        raise ValidationError(_("Closing a case needs an outcome."))
    if (
        outcome == ClosureOutcome.DURABLE_SOLUTION
        and not household.follow_ups.filter(
            kind=FollowUpKind.PRM, status=FollowUpStatus.DONE
        ).exists()
    ):
        raise GuardsUnmet(_("Close case"), [_("a completed post-return monitoring survey")])
    household.follow_ups.filter(status=FollowUpStatus.SCHEDULED).update(
        status=FollowUpStatus.CANCELLED
    )
    return {"outcome": outcome, "_changes": {"closure_outcome": outcome}}


def _withdraw(user, household, data, today) -> dict:
    reason = str(data.get("reason", "")).strip()
    if not reason:
        raise ValidationError(_("Record the reason the household withdrew."))
    household.departures.filter(departed_on=None).update(cancelled=True)
    return {
        "_changes": {
            "withdrawal_reason": reason,
            "closure_outcome": ClosureOutcome.WITHDRAWN,
        }
    }


STEP_HANDLERS = {
    "assess": _assess,
    "request_clearance": _request_clearance,
    "grant_clearance": _decide_clearance(ClearanceDecision.GRANTED),
    "deny_clearance": _decide_clearance(ClearanceDecision.DENIED),
    "schedule_departure": _schedule_departure,
    "depart": _depart,
    "arrive": _arrive,
    "start_monitoring": _start_monitoring,
    "close": _close,
    "withdraw": _withdraw,
}


@transaction.atomic
def override_destination(user, household: Household, reason: str) -> None:
    """A supervisor approves a departure to a severe destination, in writing, on the timeline."""
    if not can_override(user):
        raise PermissionDenied(_("Only a case supervisor can approve this."))
    _require_case_role(user, household)
    if not reason.strip():
        raise ValidationError(_("An override needs a written reason."))
    if household.destination_id is None:
        raise ValidationError(_("The case has no destination to approve."))
    events.overridden(household, user, reason.strip(), destination_concerns(household))


@transaction.atomic
def record_destination_assessment(user, location: Location, data: dict) -> DestinationAssessment:
    """Record host-community sensitization and key-informant findings for a destination."""
    scope = get_scope(user)
    if not scope.has_role(*CASE_ROLES, "admin", "im_officer"):
        raise PermissionDenied(_("Your role cannot record destination assessments."))
    if not scope.covers_governorate(location.governorate.pcode):
        raise PermissionDenied(_("This location is outside your governorates."))
    return DestinationAssessment.objects.create(
        location=location,
        assessed_on=data.get("assessed_on") or timezone.localdate(),
        sensitization_on=data.get("sensitization_on"),
        conditions=data.get("conditions", ""),
        risks=data.get("risks", ""),
        explosive_hazards=bool(data.get("explosive_hazards")),
        social_tension=data.get("social_tension") or "none",
        recorded_by=user,
    )


@transaction.atomic
def record_visit(user, household: Household, data: dict) -> Visit:
    """Go-and-see and come-and-tell visits are possible any time before departure."""
    _require_case_role(user, household)
    if household.state not in BEFORE_DEPARTURE:
        raise ValidationError(_("Visits are recorded before departure only."))
    visit = Visit.objects.create(
        household=household,
        kind=data["kind"],
        visited_on=data.get("visited_on") or timezone.localdate(),
        participants=data.get("participants", ""),
        outcome=data.get("outcome", ""),
        recorded_by=user,
    )
    events.record_added(household, user, "visit", {"visit_id": visit.pk, "kind": visit.kind})
    return visit


def grant_amount(purpose: str) -> int:
    key = {
        PaymentPurpose.DEPARTURE: "DEPARTURE_GRANT_IQD",
        PaymentPurpose.REINSTALLATION: "REINSTALLATION_GRANT_IQD",
    }[purpose]
    return settings.MASAR[key]


@transaction.atomic
def approve_payment(
    user, household: Household, purpose: str, *, approved_on: date | None = None
) -> Payment:
    """Approve a grant; a household is never paid twice for the same purpose."""
    _require_case_role(user, household)
    if purpose not in PaymentPurpose.values:
        raise ValidationError(_("Unknown payment purpose."))
    allowed = {
        PaymentPurpose.DEPARTURE: {
            CaseState.DEPARTURE_SCHEDULED,
            CaseState.DEPARTED,
            CaseState.ARRIVED,
            CaseState.MONITORING,
        },
        PaymentPurpose.REINSTALLATION: {CaseState.ARRIVED, CaseState.MONITORING},
    }[purpose]
    if household.state not in allowed:
        raise ValidationError(_("This grant cannot be approved in the case's current state."))
    if household.payments.filter(purpose=purpose).exclude(status=PaymentStatus.CANCELLED).exists():
        raise ValidationError(_("This household already has this grant."))
    payment = Payment.objects.create(
        household=household,
        purpose=purpose,
        amount_iqd=grant_amount(purpose),
        approved_on=approved_on or timezone.localdate(),
        approved_by=user,
    )
    events.payment_event(
        household, user, "approved", {"payment_id": payment.pk, "purpose": purpose}
    )
    return payment


@transaction.atomic
def mark_payment_paid(user, payment: Payment, *, paid_on: date, channel: str) -> Payment:
    _require_case_role(user, payment.household)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status != PaymentStatus.APPROVED:
        raise ValidationError(_("Only an approved payment can be marked paid."))
    payment.status = PaymentStatus.PAID
    payment.paid_on = paid_on
    payment.channel = channel
    payment.save(update_fields=["status", "paid_on", "channel"])
    events.payment_event(
        payment.household, user, "paid", {"payment_id": payment.pk, "purpose": payment.purpose}
    )
    return payment


@transaction.atomic
def correct_arrival_date(user, household: Household, arrived_on: date) -> Arrival:
    """Fix the arrival date; follow-ups not yet done move with it."""
    _require_case_role(user, household)
    arrival = household.arrivals.order_by("-id").first()
    if arrival is None:
        raise ValidationError(_("The household has no recorded arrival."))
    previous = arrival.arrived_on
    arrival.arrived_on = arrived_on
    arrival.save(update_fields=["arrived_on"])
    windows = follow_up_windows()
    for follow_up in household.follow_ups.filter(status=FollowUpStatus.SCHEDULED):
        earliest, latest = windows[follow_up.kind]
        follow_up.due_from = arrived_on + timedelta(days=earliest)
        follow_up.due_until = arrived_on + timedelta(days=latest)
        follow_up.save(update_fields=["due_from", "due_until"])
    events.record_added(
        household,
        user,
        "arrival_corrected",
        {"from": previous.isoformat(), "to": arrived_on.isoformat()},
    )
    return arrival


@transaction.atomic
def record_follow_up_attempt(
    user, follow_up: FollowUp, *, attempted_on: date, reached: bool, notes: str = ""
) -> FollowUpAttempt:
    _require_case_role(user, follow_up.household)
    attempt = FollowUpAttempt.objects.create(
        follow_up=follow_up,
        attempted_on=attempted_on,
        reached=reached,
        notes=notes[:300],
        recorded_by=user,
    )
    events.follow_up_event(
        follow_up.household,
        user,
        "attempt",
        {"follow_up_id": follow_up.pk, "kind": follow_up.kind, "reached": reached},
    )
    return attempt


@dataclass
class FollowUpResult:
    follow_up: FollowUp
    durability: DurabilityAssessment | None
    referral_prompt: bool


@transaction.atomic
def complete_follow_up(
    user,
    follow_up: FollowUp,
    *,
    completed_on: date,
    answers: dict,
    outcome: str = "",
    protection_risk: bool = False,
    secondary_displacement: bool = False,
    referral_need: str = "",
) -> FollowUpResult:
    """Record a check-in call or PRM: a PRM yields a durability assessment, a risk a referral."""
    household = follow_up.household
    _require_case_role(user, household)
    if follow_up.status != FollowUpStatus.SCHEDULED:
        raise ValidationError(_("This follow-up is already closed."))
    follow_up.status = FollowUpStatus.DONE
    follow_up.completed_on = completed_on
    follow_up.answers = answers
    follow_up.outcome = outcome
    follow_up.protection_risk = protection_risk
    follow_up.secondary_displacement = secondary_displacement
    follow_up.referral_need = referral_need[:200]
    follow_up.save()
    durability = None
    if follow_up.kind == FollowUpKind.PRM:
        criteria = assess_criteria(answers)
        composite, detail = iris_composite(answers)
        durability = DurabilityAssessment.objects.create(
            household=household,
            follow_up=follow_up,
            criteria=criteria,
            category=overall_category(criteria),
            composite=composite,
            composite_detail=detail,
            assessed_on=completed_on,
        )
    events.follow_up_event(
        household,
        user,
        "completed",
        {
            "follow_up_id": follow_up.pk,
            "kind": follow_up.kind,
            "protection_risk": protection_risk,
            "secondary_displacement": secondary_displacement,
            "durability": durability.category if durability else None,
        },
    )
    if household.state == CaseState.ARRIVED:
        transition(user, household, "start_monitoring", today=completed_on)
    return FollowUpResult(
        follow_up, durability, bool(protection_risk or secondary_displacement or referral_need)
    )


@transaction.atomic
def create_departure_list(user, site: Site, departure_date: date) -> DepartureList:
    _require_case_role(user)
    scope = get_scope(user)
    if not scope.covers_governorate(site.governorate.pcode):
        raise PermissionDenied(_("This site is outside your governorates."))
    orgs = sorted(scope.orgs_with_role(*CASE_ROLES)) or sorted(scope.organisation_ids)
    departure_list, _created = DepartureList.objects.get_or_create(
        site=site,
        departure_date=departure_date,
        organisation_id=orgs[0],
        defaults={"created_by": user, "governorate": site.governorate},
    )
    return departure_list


@transaction.atomic
def add_to_departure_list(user, departure_list: DepartureList, household: Household) -> Departure:
    """Put a scheduled household on a list (the list's date becomes its planned date)."""
    _require_case_role(user, household)
    if departure_list.departed:
        raise ValidationError(_("This list has already departed."))
    if household.state != CaseState.DEPARTURE_SCHEDULED:
        raise ValidationError(_("Only households with a scheduled departure can be listed."))
    departure = household.departures.filter(cancelled=False, departed_on=None).first()
    departure.departure_list = departure_list
    departure.planned_on = departure_list.departure_date
    departure.save(update_fields=["departure_list", "planned_on"])
    events.record_added(household, user, "listed", {"departure_list": str(departure_list.uid)})
    return departure


@transaction.atomic
def depart_list(user, departure_list: DepartureList, *, departed_on: date) -> int:
    """Mark every household still scheduled on the list as departed together."""
    count = 0
    for departure in departure_list.departures.select_related("household").filter(
        cancelled=False, departed_on=None
    ):
        if departure.household.state == CaseState.DEPARTURE_SCHEDULED:
            transition(
                user, departure.household, "depart", {"departed_on": departed_on}, today=departed_on
            )
            count += 1
    departure_list.departed = True
    departure_list.save(update_fields=["departed"])
    return count
