"""Retention: remove the personal data of closed cases and old uploads, keep every figure.

A data unit may keep personal data only as long as it serves the people it is about. After a
configurable period (`MASAR["RETENTION_CLOSED_CASE_DAYS"]` from the day a case was closed or
withdrawn, `MASAR["RETENTION_UPLOAD_DAYS"]` from an upload, `MASAR["RETENTION_TICKET_DAYS"]`
from a ticket's closure) this removes names, phones, ID numbers, exact birth dates and free text,
and keeps what the aggregate figures are made of: states, dates of the workflow, sex, year of
birth, vulnerabilities, places, answers to the structured questions, amounts. The households,
members, referrals and tickets themselves stay, so every count and every dashboard reads the
same before and after.

The field-level change history (django-auditlog) holds earlier values of the same fields: the
entries of an anonymised record lose their values too, and the anonymisation itself is written
with the history switched off so it does not copy the data it removes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Max

from masar.cases.choices import FINAL_STATES
from masar.cases.models import (
    Arrival,
    Assessment,
    CaseEvent,
    Clearance,
    FollowUp,
    FollowUpAttempt,
    Household,
    Member,
    Visit,
)
from masar.dedup.models import CandidatePair, PersonKey
from masar.feedback.choices import TicketStatus
from masar.feedback.models import Ticket, TicketEvent
from masar.referrals.models import Referral, ReferralEvent
from masar.tracking.models import ImportBatch

from .models import Anonymisation

REMOVED = "—"
# Keys of a workflow event's payload that hold free text (the rest is structured).
FREE_TEXT_KEYS = frozenset({"note", "notes", "reason", "comment", "outcome", "early_reason"})


@dataclass
class RetentionReport:
    """What a run did (or, in a dry run, would do): counts only, never the data."""

    dry_run: bool
    households: int = 0
    members: int = 0
    referrals: int = 0
    tickets: int = 0
    uploads: int = 0
    history_entries: int = 0
    cutoffs: dict[str, str] = field(default_factory=dict)

    def lines(self) -> list[str]:
        verb = "Would anonymise" if self.dry_run else "Anonymised"
        return [
            f"{verb} {self.households} closed households ({self.members} members, "
            f"{self.referrals} referrals) closed before {self.cutoffs['cases']}.",
            f"{verb} {self.tickets} tickets closed before {self.cutoffs['tickets']}.",
            f"{'Would remove' if self.dry_run else 'Removed'} {self.uploads} uploaded files "
            f"kept since before {self.cutoffs['uploads']}.",
            f"{'Would clear' if self.dry_run else 'Cleared'} {self.history_entries} "
            "change-history entries of those records.",
        ]


def retention_periods() -> dict[str, int]:
    """The configured periods, in days."""
    config = settings.MASAR
    return {
        "cases": config["RETENTION_CLOSED_CASE_DAYS"],
        "tickets": config["RETENTION_TICKET_DAYS"],
        "uploads": config["RETENTION_UPLOAD_DAYS"],
    }


def households_due(cutoff: datetime) -> models.QuerySet[Household]:
    """Closed or withdrawn households whose last closing event is older than `cutoff`."""
    already = Anonymisation.objects.filter(record_type="household").values("record_uid")
    closed = (
        CaseEvent.objects.filter(to_state__in=FINAL_STATES)
        .values("household_id")
        .annotate(last=Max("at"))
        .filter(last__lt=cutoff)
        .values("household_id")
    )
    return (
        Household.objects.filter(state__in=FINAL_STATES, id__in=closed)
        .exclude(uid__in=already)
        .order_by("id")
    )


def tickets_due(cutoff: datetime) -> models.QuerySet[Ticket]:
    already = Anonymisation.objects.filter(record_type="ticket").values("record_uid")
    return (
        Ticket.objects.filter(status=TicketStatus.CLOSED, closed_at__lt=cutoff)
        .exclude(uid__in=already)
        .order_by("id")
    )


def uploads_due(cutoff: datetime) -> models.QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(created_at__lt=cutoff).exclude(stored_path="").order_by("id")


def apply_retention(now: datetime, *, dry_run: bool = False) -> RetentionReport:
    """Anonymise everything past its retention period at `now`; idempotent.

    `now` is passed in rather than read so that a run can be reproduced and tested.
    """
    periods = retention_periods()
    cutoffs = {name: now - timedelta(days=days) for name, days in periods.items()}
    report = RetentionReport(
        dry_run=dry_run, cutoffs={k: v.date().isoformat() for k, v in cutoffs.items()}
    )
    households = list(households_due(cutoffs["cases"]))
    tickets = list(tickets_due(cutoffs["tickets"]))
    uploads = list(uploads_due(cutoffs["uploads"]))
    report.households = len(households)
    report.members = Member.objects.filter(household__in=households).count()
    report.referrals = Referral.objects.filter(household__in=households).count()
    report.tickets = len(tickets) + _linked_tickets(households, tickets).count()
    report.uploads = len(uploads)
    if dry_run:
        report.history_entries = _history(households, tickets).count()
        return report
    with transaction.atomic(), disable_auditlog():
        for household in households:
            _anonymise_household(household, now)
        for ticket in [*tickets, *_linked_tickets(households, tickets)]:
            _anonymise_ticket(ticket, now)
        report.history_entries = _history(households, tickets).update(
            changes={}, changes_text="", object_repr=REMOVED
        )
    for batch in uploads:
        _forget_upload(batch)
    return report


def _linked_tickets(households: list[Household], tickets: list[Ticket]):
    """Tickets about an anonymised household go with it, whatever their own age."""
    already = Anonymisation.objects.filter(record_type="ticket").values("record_uid")
    return (
        Ticket.objects.filter(household__in=households)
        .exclude(id__in=[t.id for t in tickets])
        .exclude(uid__in=already)
    )


def _history(households: list[Household], tickets: list[Ticket]):
    """Change-history entries of the records being anonymised (auditlog keeps text keys)."""
    targets: list[tuple[type[models.Model], list[int]]] = [
        (Household, [h.id for h in households]),
        (
            Member,
            list(Member.objects.filter(household__in=households).values_list("id", flat=True)),
        ),
        (
            Referral,
            list(Referral.objects.filter(household__in=households).values_list("id", flat=True)),
        ),
        (Ticket, [t.id for t in tickets]),
    ]
    query = models.Q(pk__in=[])
    for model, ids in targets:
        if ids:
            content_type = ContentType.objects.get_for_model(model)
            query |= models.Q(content_type=content_type, object_pk__in=[str(i) for i in ids])
    return LogEntry.objects.filter(query)


def _anonymise_household(household: Household, now: datetime) -> None:
    for member in household.members.all():
        member.given_name = REMOVED
        member.father_name = member.grandfather_name = member.family_name = ""
        member.latin_name = member.search_key = member.phone = member.national_id_number = ""
        if member.date_of_birth is not None:
            member.birth_year = member.birth_year or member.date_of_birth.year
            member.date_of_birth = None
        member.save()
    household.withdrawal_reason = ""
    household.save(update_fields=["withdrawal_reason", "updated_at"])
    for event in CaseEvent.objects.filter(household=household):
        event.reason = ""
        event.payload = _scrub(event.payload)
        event.save(update_fields=["reason", "payload"])
    Clearance.objects.filter(household=household).update(reference="")
    Arrival.objects.filter(household=household).update(authority_reference="")
    Visit.objects.filter(household=household).update(participants="", outcome="")
    for assessment in Assessment.objects.filter(household=household):
        assessment.needs = _scrub(assessment.needs)
        assessment.save(update_fields=["needs"])
    FollowUp.objects.filter(household=household).update(outcome="", referral_need="")
    FollowUpAttempt.objects.filter(follow_up__household=household).update(notes="")
    referrals = Referral.objects.filter(household=household)
    ReferralEvent.objects.filter(referral__in=referrals).update(note="")
    for referral in referrals:
        Anonymisation.objects.create(
            record_type="referral", record_uid=referral.uid, reason="closed_case", at=now
        )
    referrals.update(
        shared_name="",
        shared_phone="",
        reason="",
        need="",
        outcome="",
        status_reason="",
        consent_override_reason="",
    )
    # The comparison keys and the evidence of candidate pairs are copies of names and numbers.
    PersonKey.objects.filter(household=household).delete()
    CandidatePair.objects.filter(
        models.Q(household_l=household) | models.Q(household_r=household)
    ).update(evidence={})
    Anonymisation.objects.create(
        record_type="household", record_uid=household.uid, reason="closed_case", at=now
    )


def _anonymise_ticket(ticket: Ticket, now: datetime) -> None:
    ticket.contact_name = ticket.contact_phone = ticket.contact_email = ""
    ticket.description = REMOVED
    ticket.response = ""
    ticket.save(
        update_fields=["contact_name", "contact_phone", "contact_email", "description", "response"]
    )
    TicketEvent.objects.filter(ticket=ticket).update(note="")
    Anonymisation.objects.create(
        record_type="ticket", record_uid=ticket.uid, reason="closed_ticket", at=now
    )


def _forget_upload(batch: ImportBatch) -> None:
    """Delete a kept upload (it may name key informants) and its row-level rejections.

    The batch row stays, with its checksum, counts and outcome: the figures it wrote and the
    record that the file was imported are aggregate data.
    """
    path = Path(batch.stored_path)
    if (
        path.is_file()
        and not ImportBatch.objects.filter(
            stored_path=batch.stored_path, created_at__gte=batch.created_at
        )
        .exclude(id=batch.id)
        .exists()
    ):
        path.unlink()
    report = dict(batch.report)
    if isinstance(report.get("rejected"), list):
        report["rejected"] = len(report["rejected"])
    batch.stored_path = ""
    batch.report = report
    batch.save(update_fields=["stored_path", "report"])


def _scrub(payload: object) -> object:
    """A workflow event's payload without its free text; structured values stay."""
    if isinstance(payload, dict):
        return {
            key: ("" if key in FREE_TEXT_KEYS and isinstance(value, str) else _scrub(value))
            for key, value in payload.items()
        }
    if isinstance(payload, list):
        return [_scrub(item) for item in payload]
    return payload


def count_by_type() -> Counter[str]:
    """How many records retention has anonymised so far, per record type."""
    return Counter(Anonymisation.objects.values_list("record_type", flat=True))
