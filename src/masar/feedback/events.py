"""The ticket's timeline: one function per kind of event."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from .models import Ticket, TicketEvent


def _write(
    ticket: Ticket, actor, action: str, from_status: str, note: str, at: datetime | None
) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket,
        action=action,
        from_status=from_status,
        to_status=ticket.status,
        actor=actor if actor is not None and actor.is_authenticated else None,
        at=at or timezone.now(),
        note=note,
    )


def received(ticket: Ticket, actor) -> TicketEvent:
    """A ticket recorded by staff, or sent through the public form (no actor)."""
    return _write(ticket, actor, "received", "", "", None)


def moved(
    ticket: Ticket, actor, action: str, from_status: str, note: str, at: datetime
) -> TicketEvent:
    return _write(ticket, actor, action, from_status, note, at)


def sensitivity_changed(ticket: Ticket, actor, before: str, reason: str) -> TicketEvent:
    note = f"{before} → {ticket.sensitivity}: {reason}"
    return _write(ticket, actor, "sensitivity", ticket.status, note, None)
