"""The referral's timeline, copied to the case's: one function per kind of event."""

from __future__ import annotations

from datetime import datetime

from masar.cases import events as case_events

from .models import Referral, ReferralEvent


def _write(
    referral: Referral, actor, action: str, from_status: str, note: str, at: datetime
) -> ReferralEvent:
    event = ReferralEvent.objects.create(
        referral=referral,
        action=action,
        from_status=from_status,
        to_status=referral.status,
        actor=actor,
        at=at,
        note=note,
    )
    # The case timeline shows the change too, without the partner's notes about the person.
    case_events.referral_event(
        referral.household,
        actor,
        action,
        {"referral": str(referral.uid), "reference": referral.reference, "status": referral.status},
    )
    return event


def sent(referral: Referral, actor, note: str = "") -> ReferralEvent:
    return _write(referral, actor, "send", "", note, referral.sent_at)


def moved(
    referral: Referral, actor, action: str, from_status: str, note: str, at: datetime
) -> ReferralEvent:
    return _write(referral, actor, action, from_status, note, at)
