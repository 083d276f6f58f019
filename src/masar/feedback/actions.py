"""Writes of the complaints and feedback mechanism: intake, the lifecycle, sensitivity."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from masar.accounts.choices import Role
from masar.accounts.models import Membership
from masar.core.numbering import next_case_number
from masar.lib.digits import ascii_digits

from .access import can_handle, sees_sensitive_tickets
from .choices import LIFECYCLE, SENSITIVE, ContactPreference, Sensitivity, Source, TicketStatus
from .models import Ticket, TicketEvent

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


def _event(ticket: Ticket, action: str, actor, from_status: str = "", note: str = "") -> None:
    TicketEvent.objects.create(
        ticket=ticket,
        action=action,
        from_status=from_status,
        to_status=ticket.status,
        actor=actor if actor is not None and actor.is_authenticated else None,
        note=note,
    )


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
    """Record a ticket received through any channel; staff need a CFM or PSEA role."""
    if source != Source.PUBLIC and not can_handle(user):
        raise PermissionDenied(_("You cannot record feedback."))
    cleaned = _clean(data)
    ticket = Ticket(
        reference=next_case_number("CFM", timezone.localdate().year),
        source=source,
        submitter_key=submitter_key,
        created_by=user if user is not None and user.is_authenticated else None,
        **cleaned,
    )
    ticket.first_action_due, ticket.response_due = deadlines(ticket)
    ticket.save()
    _event(ticket, "received", user)
    return ticket


def submitter_key(client_address: str) -> str:
    """A keyed hash of the client's address: enough to limit bursts, useless to identify."""
    digest = hmac.new(settings.SECRET_KEY.encode(), client_address.encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


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


def possible_assignees(ticket: Ticket):
    """Officers who may handle the ticket: PSEA focal points for sensitive tickets."""
    roles = [Role.PSEA_FOCAL_POINT] if ticket.sensitive else [Role.CFM_OFFICER]
    ids = Membership.objects.filter(is_active=True, role__in=roles).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("username")


def available_actions(user, ticket: Ticket) -> list[str]:
    if not can_handle(user):
        return []
    actions = [name for name, (sources, *_rest) in LIFECYCLE.items() if ticket.status in sources]
    if not ticket.anonymous:
        actions = [a for a in actions if a != "close_unanswerable"]
    return actions


@transaction.atomic
def transition(user, ticket: Ticket, action: str, data: dict | None = None) -> Ticket:
    """Move a ticket along the lifecycle; refuse with a message naming what is missing."""
    data = data or {}
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if action == "close_unanswerable" and ticket.contact_preference != ContactPreference.ANONYMOUS:
        raise ValidationError(_("Only an anonymous ticket can close without a response."))
    if action not in available_actions(user, ticket):
        raise ValidationError(
            _("“%(action)s” is not possible on a ticket that is %(status)s.")
            % {"action": action, "status": ticket.get_status_display()}
        )
    expected = data.get("version")
    if expected is not None and int(expected) != ticket.version:
        raise ValidationError(
            _("Someone else changed this ticket since you opened it: reload and try again.")
        )
    _sources, target, needed = LIFECYCLE[action]
    note = (data.get("note") or data.get("reason") or "").strip()
    from_status = ticket.status
    now = timezone.now()
    if needed == "assignee":
        assignee = data.get("assignee")
        if assignee is None or not possible_assignees(ticket).filter(pk=assignee.pk).exists():
            raise ValidationError(_("Choose an officer who may handle this ticket."))
        ticket.assigned_to = assignee
        note = note or assignee.get_username()
    elif needed == "response":
        response = (data.get("response") or "").strip()
        if not response or not data.get("response_method"):
            raise ValidationError(
                _("Record the response given to the person, and how it was given.")
            )
        ticket.response = response
        ticket.response_method = data["response_method"]
        ticket.responded_at = data.get("responded_at") or now
        ticket.responded_by = user
    elif needed == "reason" and not note:
        raise ValidationError(_("Give the reason."))
    if action == "close_unanswerable":
        ticket.no_response_possible = True
    if action in ("close", "close_unanswerable"):
        ticket.closed_at = now
    if action == "reopen":
        ticket.closed_at = None
    ticket.status = target
    ticket.first_action_at = ticket.first_action_at or now
    ticket.version += 1
    ticket.save()
    _event(ticket, action, user, from_status, note)
    return ticket


@transaction.atomic
def set_sensitivity(user, ticket: Ticket, sensitivity: str, reason: str) -> Ticket:
    """Mark a ticket sensitive (it leaves the sight of everyone but PSEA focal points), or,
    for a PSEA focal point, back to normal. The deadlines follow the new sensitivity."""
    if not can_handle(user):
        raise PermissionDenied(_("You cannot change this ticket."))
    if sensitivity not in Sensitivity.values:
        raise ValidationError(_("Unknown sensitivity."))
    if ticket.sensitive and not sees_sensitive_tickets(user):
        raise PermissionDenied(_("Only a PSEA focal point can change a sensitive ticket."))
    if not reason.strip():
        raise ValidationError(_("Give the reason."))
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    before = ticket.sensitivity
    ticket.sensitivity = sensitivity
    ticket.first_action_due, ticket.response_due = deadlines(ticket)
    # An officer it was assigned to who may no longer see it gives it up to a PSEA focal point.
    if (
        sensitivity in SENSITIVE
        and ticket.assigned_to_id
        and not possible_assignees(ticket).filter(pk=ticket.assigned_to_id).exists()
    ):
        ticket.assigned_to = None
        if ticket.status == TicketStatus.ASSIGNED:
            ticket.status = TicketStatus.NEW
    ticket.version += 1
    ticket.save()
    _event(ticket, "sensitivity", user, ticket.status, f"{before} → {sensitivity}: {reason}")
    return ticket
