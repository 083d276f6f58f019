"""Everything Masar holds about one household, for a subject-access request.

A person may ask what an organisation holds about them and who has seen it. The export gathers
the household, its members and every record hanging from it (workflow events, assessments,
clearances, visits, departures, arrivals, payments, follow-ups and durability results, referrals
with their events, feedback tickets about it) and the access log of who read it, as one JSON
document. Producing it is itself an access, and is logged as an export.
"""

from __future__ import annotations

import json
from typing import Any

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, QuerySet
from django.utils import timezone

from masar.accounts.actions import log_access
from masar.accounts.models import AccessLog
from masar.cases.models import (
    Arrival,
    Assessment,
    CaseEvent,
    Clearance,
    Departure,
    DurabilityAssessment,
    FollowUp,
    FollowUpAttempt,
    Household,
    Member,
    Payment,
    Visit,
)
from masar.feedback.models import Ticket, TicketEvent
from masar.referrals.models import Referral, ReferralEvent

FORMAT_VERSION = 1


def _rows(queryset: QuerySet[Any] | list[Model]) -> list[dict[str, Any]]:
    """Each record as its fields (foreign keys by id), in the order the database keeps them."""
    return [
        {"id": item["pk"], **item["fields"]} for item in serializers.serialize("python", queryset)
    ]


def subject_access_document(household: Household) -> dict[str, Any]:
    """The household's whole record as plain data (no access check: callers hold the grant)."""
    referrals = Referral.objects.filter(household=household).order_by("id")
    tickets = Ticket.objects.filter(household=household).order_by("id")
    follow_ups = FollowUp.objects.filter(household=household).order_by("id")
    return {
        "format_version": FORMAT_VERSION,
        "generated_at": timezone.now(),
        "case_number": household.case_number,
        "household": _rows([household])[0],
        "members": _rows(Member.objects.filter(household=household).order_by("id")),
        "events": _rows(CaseEvent.objects.filter(household=household).order_by("at", "id")),
        "assessments": _rows(Assessment.objects.filter(household=household).order_by("id")),
        "clearances": _rows(Clearance.objects.filter(household=household).order_by("id")),
        "visits": _rows(Visit.objects.filter(household=household).order_by("id")),
        "departures": _rows(Departure.objects.filter(household=household).order_by("id")),
        "arrivals": _rows(Arrival.objects.filter(household=household).order_by("id")),
        "payments": _rows(Payment.objects.filter(household=household).order_by("id")),
        "follow_ups": _rows(follow_ups),
        "follow_up_attempts": _rows(
            FollowUpAttempt.objects.filter(follow_up__in=follow_ups).order_by("id")
        ),
        "durability": _rows(
            DurabilityAssessment.objects.filter(household=household).order_by("id")
        ),
        "referrals": _rows(referrals),
        "referral_events": _rows(ReferralEvent.objects.filter(referral__in=referrals)),
        "tickets": _rows(tickets),
        "ticket_events": _rows(TicketEvent.objects.filter(ticket__in=tickets)),
        "reads": [
            {"at": row.at, "user": row.user_id, "action": row.action, "via": row.via}
            for row in AccessLog.objects.filter(
                record_type="household", record_uid=household.uid
            ).order_by("at", "id")
        ],
    }


def export_subject_access(user, household: Household, *, via: str = "command") -> str:
    """The document as JSON text; the export is logged as `user`'s access to the household."""
    document = subject_access_document(household)
    log_access(user, "household", household.uid, via=via, action="export")
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
