"""The round's timeline: every change of status, with who, when, from, to and why."""

from __future__ import annotations

from datetime import datetime

from . import hooks
from .models import Round, RoundEvent


def round_moved(
    round_: Round, actor, action: str, from_status: str, reason: str, at: datetime
) -> RoundEvent:
    event = RoundEvent.objects.create(
        round=round_,
        action=action,
        from_status=from_status,
        to_status=round_.status,
        actor=actor,
        at=at,
        reason=reason,
    )
    hooks.round_moved.call(round_.pk, action, actor.pk if actor is not None else None)
    return event
