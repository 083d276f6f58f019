"""The case timeline: one function per kind of event, so every event is written the same way."""

from __future__ import annotations

from datetime import datetime

from .choices import EventKind
from .models import CaseEvent, Household


def _write(
    household: Household, kind: str, actor, at: datetime | None = None, **fields
) -> CaseEvent:
    """One timeline entry; `at` is when it happened, for records entered after the fact."""
    if at is not None:
        fields["at"] = at
    return CaseEvent.objects.create(household=household, kind=kind, actor=actor, **fields)


def registered(household: Household, actor, at: datetime | None = None) -> CaseEvent:
    return _write(household, EventKind.REGISTERED, actor, at, to_state=household.state)


def transitioned(
    household: Household,
    actor,
    action: str,
    from_state: str,
    reason: str = "",
    payload=None,
    at: datetime | None = None,
) -> CaseEvent:
    return _write(
        household,
        EventKind.TRANSITION,
        actor,
        at,
        action=action,
        from_state=from_state,
        to_state=household.state,
        reason=reason,
        payload=payload or {},
    )


def overridden(
    household: Household, actor, reason: str, concerns: list[str], at: datetime | None = None
) -> CaseEvent:
    return _write(
        household,
        EventKind.OVERRIDE,
        actor,
        at,
        action="override_destination",
        reason=reason,
        payload={"destination_id": household.destination_id, "concerns": concerns},
    )


def record_added(
    household: Household, actor, action: str, payload=None, at: datetime | None = None
) -> CaseEvent:
    return _write(household, EventKind.RECORD, actor, at, action=action, payload=payload or {})


def details_updated(household: Household, actor, fields: list[str]) -> CaseEvent:
    # Field names only: the timeline must not copy personal data around.
    return _write(household, EventKind.UPDATE, actor, action="update", payload={"fields": fields})


def follow_up_event(
    household: Household, actor, action: str, payload=None, at: datetime | None = None
) -> CaseEvent:
    return _write(household, EventKind.FOLLOW_UP, actor, at, action=action, payload=payload or {})


def payment_event(
    household: Household, actor, action: str, payload=None, at: datetime | None = None
) -> CaseEvent:
    return _write(household, EventKind.PAYMENT, actor, at, action=action, payload=payload or {})


def merged(household: Household, actor, action: str, other: Household, payload=None) -> CaseEvent:
    """A merge with `other` (or its undoing), named by the other's case number."""
    return _write(
        household,
        EventKind.MERGE,
        actor,
        action=action,
        reason=other.case_number,
        payload={"other": str(other.uid), **(payload or {})},
    )


def referral_event(household: Household, actor, action: str, payload=None) -> CaseEvent:
    return _write(household, EventKind.REFERRAL, actor, action=action, payload=payload or {})
