"""Writes of the complaints and feedback mechanism: intake and sensitivity (moving a ticket
along is the lifecycle's, in `workflow.py`)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from masar.core.numbering import random_reference
from masar.lib.digits import ascii_digits

from . import events
from .access import can_handle, may_handle
from .choices import SENSITIVE, Sensitivity, Source, TicketStatus
from .models import Ticket

TICKET_FIELDS = (
    "channel", "received_at", "type", "sensitivity", "household", "location", "governorate",
    "programme", "sector", "contact_preference", "contact_name", "contact_phone",
    "contact_email", "description", "language", "priority",
)  # fmt: skip


class RateLimited(Exception):
    """Too many public submissions from one client address within the window."""


def deadlines(ticket: Ticket) -> tuple[datetime | None, datetime]:
    """(first action due, response due) for the ticket's type and sensitivity."""
    config = settings.MASAR
    received = ticket.received_at
    first = None
    if ticket.sensitivity in SENSITIVE:
        first = received + timedelta(hours=config["CFM_SENSITIVE_FIRST_ACTION_HOURS"])
    response = received + timedelta(hours=config["CFM_RESPONSE_HOURS"].get(ticket.type, 168))
    return first, response


def arrival_sensitivity(ticket_type: str, sensitivity: str) -> str:
    """A ticket of a type listed in CFM_SENSITIVE_TYPES (a complaint about staff conduct, by
    default) arrives sensitive, for a PSEA focal point to screen, unless already classified."""
    if sensitivity == Sensitivity.NORMAL and ticket_type in settings.MASAR["CFM_SENSITIVE_TYPES"]:
        return Sensitivity.SCREENING
    return sensitivity


def _clean(data: dict) -> dict:
    cleaned = {key: data[key] for key in TICKET_FIELDS if key in data and data[key] is not None}
    if cleaned.get("location") is not None and not cleaned.get("governorate"):
        cleaned["governorate"] = cleaned["location"].governorate
    if cleaned.get("household") is not None and not cleaned.get("governorate"):
        place = cleaned["household"].current_location
        cleaned["governorate"] = place.governorate if place else None
    if cleaned.get("contact_phone"):
        cleaned["contact_phone"] = ascii_digits(cleaned["contact_phone"]).strip()
    if not (cleaned.get("description") or "").strip():
        raise ValidationError(_("Describe the feedback or complaint."))
    return cleaned


@transaction.atomic
def create_ticket(
    user, data: dict, *, source: str = Source.STAFF, submitter_key: str = ""
) -> Ticket:
    """Record a ticket received through any channel; staff need a ticket handler's grant."""
    if source != Source.PUBLIC and not can_handle(user):
        raise PermissionDenied(_("You cannot record feedback."))
    cleaned = _clean(data)
    cleaned["sensitivity"] = arrival_sensitivity(
        cleaned.get("type", ""), cleaned.get("sensitivity", Sensitivity.NORMAL)
    )
    ticket = Ticket(
        source=source,
        submitter_key=submitter_key,
        created_by=user if user is not None and user.is_authenticated else None,
        **cleaned,
    )
    ticket.first_action_due, ticket.response_due = deadlines(ticket)
    _save_with_reference(ticket)
    events.received(ticket, user)
    return ticket


def _save_with_reference(ticket: Ticket, attempts: int = 5) -> None:
    """Save a new ticket under a random reference (see `masar.core.numbering`): no counter
    is advanced, so no reference tells how many tickets, sensitive or not, exist. The unique
    constraint on the reference refuses a collision, and another code is drawn."""
    year = timezone.localdate().year
    for attempt in range(attempts):
        ticket.reference = random_reference("CFM", year)
        try:
            with transaction.atomic():
                ticket.save()
            return
        except IntegrityError:
            if (
                attempt == attempts - 1
                or not Ticket.objects.filter(reference=ticket.reference).exists()
            ):
                raise
            ticket.pk = None


def submitter_key(client_address: str) -> str:
    """A keyed hash of the client's address: enough to limit bursts, useless to identify."""
    digest = hmac.new(settings.SECRET_KEY.encode(), client_address.encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def count_public_lookup(client_address: str) -> None:
    """Count one reference lookup from a client address; refuse (RateLimited) past the limit in
    the window. A reference carries 35 random bits, so guessing is hopeless anyway: the limit
    keeps a script from trying, and the cache forgets the count when the window ends."""
    config = settings.MASAR
    key = f"masar:cfm-lookup:{submitter_key(client_address)}"
    window = config["CFM_PUBLIC_WINDOW_MINUTES"] * 60
    cache.add(key, 0, timeout=window)
    try:
        seen = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        seen = 1
    if seen > config["CFM_LOOKUP_LIMIT"]:
        raise RateLimited


@transaction.atomic
def submit_public(data: dict, client_address: str, language: str) -> Ticket:
    """The public form: anyone, no account. Refuses bursts from one client address."""
    key = submitter_key(client_address)
    config = settings.MASAR
    since = timezone.now() - timedelta(minutes=config["CFM_PUBLIC_WINDOW_MINUTES"])
    recent = Ticket.objects.filter(submitter_key=key, created_at__gte=since).count()
    if recent >= config["CFM_PUBLIC_LIMIT"]:
        raise RateLimited
    fields = {k: v for k, v in data.items() if k in TICKET_FIELDS}
    fields.update(channel="web_form", language=language, sensitivity=Sensitivity.NORMAL)
    return create_ticket(None, fields, source=Source.PUBLIC, submitter_key=key)


@transaction.atomic
def set_sensitivity(user, ticket: Ticket, sensitivity: str, reason: str) -> Ticket:
    """Mark a ticket sensitive (it leaves the sight of everyone but PSEA focal points), or,
    for a PSEA focal point, back to normal. The deadlines follow the new sensitivity, and an
    officer it was assigned to who may no longer handle it gives it up."""
    if not may_handle(user, ticket):
        raise PermissionDenied(_("You cannot change this ticket."))
    if sensitivity not in Sensitivity.values:
        raise ValidationError(_("Unknown sensitivity."))
    if not reason.strip():
        raise ValidationError(_("Give the reason."))
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    before = ticket.sensitivity
    ticket.sensitivity = sensitivity
    ticket.first_action_due, ticket.response_due = deadlines(ticket)
    ticket.version += 1
    changed = ["sensitivity", "first_action_due", "response_due", "version"]
    ticket.save(update_fields=changed)
    if ticket.assigned_to is not None and not may_handle(ticket.assigned_to, ticket):
        ticket.assigned_to = None
        if ticket.status == TicketStatus.ASSIGNED:
            ticket.status = TicketStatus.NEW
        ticket.save(update_fields=["assigned_to", "status"])
    events.sensitivity_changed(ticket, user, before, reason.strip())
    return ticket
