"""The household workflow: one table of transitions, and the guards that make returns principled.

Every state change goes through `masar.cases.actions.transition`, which looks the action up here,
checks the user's role and the guards, and writes the timeline event. Guards return the name of
what is missing (shown to the case worker next to the action, and returned by the API), or None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from masar.accounts.choices import Role

from .choices import BEFORE_DEPARTURE, CaseState, ClearanceDecision, EventKind, FollowUpKind
from .models import Household

S = CaseState
CASE_ROLES = frozenset({Role.CASE_WORKER, Role.CASE_SUPERVISOR, Role.ADMIN})
CLEARANCE_ROLES = CASE_ROLES | {Role.GOVERNMENT_OFFICER}

Guard = Callable[[Household, date], "str | None"]


def consent_is_current(household: Household, today: date) -> str | None:
    if not (household.consent_informed and household.consent_voluntary and household.consent_at):
        return str(_("informed and voluntary consent"))
    valid_days = settings.MASAR["CONSENT_VALID_DAYS"]
    if household.consent_at.date() < today - timedelta(days=valid_days):
        return str(_("renewed consent (the recorded consent is older than %(days)s days)")) % {
            "days": valid_days
        }
    return None


def consents_to_authorities(household: Household, today: date) -> str | None:
    if not household.consent_authorities:
        return str(_("consent to share the case with the authorities"))
    return None


def has_granted_clearance(household: Household, today: date) -> str | None:
    if not household.clearances.filter(decision=ClearanceDecision.GRANTED).exists():
        return str(_("a granted clearance"))
    return None


def has_destination(household: Household, today: date) -> str | None:
    if household.destination_id is None:
        return str(_("an intended destination"))
    return None


def destination_is_assessed(household: Household, today: date) -> str | None:
    if household.destination_id is None:
        return None  # `has_destination` names that gap.
    from .models import DestinationAssessment

    if not DestinationAssessment.objects.filter(location_id=household.destination_id).exists():
        return str(_("a destination assessment of the destination location"))
    return None


def severe_destination_is_overridden(household: Household, today: date) -> str | None:
    if household.destination_id is None or not destination_concerns(household):
        return None
    if has_override(household):
        return None
    return str(_("a supervisor's override for a severe destination"))


def has_completed_check_in_or_prm(household: Household, today: date) -> str | None:
    if not household.follow_ups.filter(status="done").exists():
        return str(_("a completed check-in call or post-return monitoring"))
    return None


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    guards: tuple[Guard, ...] = ()


TRANSITIONS: tuple[Transition, ...] = (
    Transition("assess", _("Record assessment"), frozenset({S.REGISTERED}), S.ASSESSED, CASE_ROLES),
    Transition(
        "request_clearance",
        _("Request clearance"),
        frozenset({S.ASSESSED, S.CLEARANCE_DENIED}),
        S.CLEARANCE_REQUESTED,
        CASE_ROLES,
        (consents_to_authorities,),
    ),
    Transition(
        "grant_clearance",
        _("Record clearance granted"),
        frozenset({S.CLEARANCE_REQUESTED}),
        S.CLEARED,
        CLEARANCE_ROLES,
    ),
    Transition(
        "deny_clearance",
        _("Record clearance denied"),
        frozenset({S.CLEARANCE_REQUESTED}),
        S.CLEARANCE_DENIED,
        CLEARANCE_ROLES,
    ),
    Transition(
        "schedule_departure",
        _("Schedule departure"),
        frozenset({S.CLEARED}),
        S.DEPARTURE_SCHEDULED,
        CASE_ROLES,
        (
            consent_is_current,
            has_granted_clearance,
            has_destination,
            destination_is_assessed,
            severe_destination_is_overridden,
        ),
    ),
    Transition(
        "depart",
        _("Mark departed"),
        frozenset({S.DEPARTURE_SCHEDULED}),
        S.DEPARTED,
        CASE_ROLES,
        (consent_is_current,),
    ),
    Transition(
        "arrive",
        _("Record arrival"),
        frozenset({S.DEPARTED}),
        S.ARRIVED,
        CLEARANCE_ROLES,
    ),
    Transition(
        "start_monitoring",
        _("Start monitoring"),
        frozenset({S.ARRIVED}),
        S.MONITORING,
        CASE_ROLES,
        (has_completed_check_in_or_prm,),
    ),
    Transition(
        "close",
        _("Close case"),
        frozenset({S.ARRIVED, S.MONITORING, S.CLEARANCE_DENIED}),
        S.CLOSED,
        CASE_ROLES,
    ),
    Transition("withdraw", _("Withdraw"), frozenset(BEFORE_DEPARTURE), S.WITHDRAWN, CASE_ROLES),
)
BY_ACTION = {t.action: t for t in TRANSITIONS}


def get_transition(action: str) -> Transition | None:
    return BY_ACTION.get(action)


def unmet_guards(transition: Transition, household: Household, today: date) -> list[str]:
    return [missing for guard in transition.guards if (missing := guard(household, today))]


def destination_concerns(household: Household) -> list[str]:
    """Why the destination needs a supervisor's decision: severe Return Index, explosive hazards."""
    if household.destination_id is None:
        return []
    return severe_destinations([household.destination_id]).get(household.destination_id, [])


def severe_destinations(location_ids) -> dict[int, list[str]]:
    """The concerns of each location that has any, in two queries whatever the number."""
    from masar.indices.severity import latest_return_index

    from .models import DestinationAssessment

    ids = list(set(location_ids))
    concerns: dict[int, list[str]] = {}
    for location_id, severity in latest_return_index(ids).items():
        if severity.category == "high":
            concerns.setdefault(location_id, []).append(
                str(_("Return Index severity %(category)s (score %(score)s, %(round)s)"))
                % {
                    "category": severity.category,
                    "score": f"{severity.score:.0f}",
                    "round": severity.round_label,
                }
            )
    latest: dict[int, DestinationAssessment] = {}
    for assessment in DestinationAssessment.objects.filter(location_id__in=ids).order_by(
        "location_id", "-assessed_on", "-id"
    ):
        latest.setdefault(assessment.location_id, assessment)
    for location_id, assessment in latest.items():
        if assessment.explosive_hazards:
            concerns.setdefault(location_id, []).append(
                str(_("explosive hazards reported (destination assessment of %(date)s)"))
                % {"date": assessment.assessed_on.isoformat()}
            )
    return concerns


def has_override(household: Household) -> bool:
    """Whether a supervisor approved the current destination (an override names its location)."""
    return household.events.filter(
        kind=EventKind.OVERRIDE, payload__destination_id=household.destination_id
    ).exists()


def follow_up_windows() -> dict[str, tuple[int, int]]:
    return {
        FollowUpKind.CHECK_IN: tuple(settings.MASAR["CHECK_IN_WINDOW_DAYS"]),
        FollowUpKind.PRM: tuple(settings.MASAR["PRM_WINDOW_DAYS"]),
    }
