"""Retention removes the personal data of old closed records and keeps every figure."""

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from auditlog.models import LogEntry
from django.conf import settings
from django.db.models import Count

from masar.cases import actions as case_actions
from masar.cases.models import CaseEvent, Household, Member
from masar.cases.tests.factories import register
from masar.dedup.actions import refresh_household_keys
from masar.dedup.models import PersonKey
from masar.feedback.models import Ticket
from masar.feedback.tests.test_tickets import new_ticket
from masar.feedback.workflow import TICKET_WORKFLOW
from masar.lib.dates import BAGHDAD
from masar.privacy.models import Anonymisation
from masar.privacy.retention import REMOVED, apply_retention
from masar.tracking.models import ImportBatch

pytestmark = pytest.mark.django_db

LONG_AGO = datetime(2019, 3, 10, 9, 0, tzinfo=BAGHDAD)
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=BAGHDAD)
# Fields that carry a person's identity; retention must leave none of them behind.
IDENTITY = ("father_name", "grandfather_name", "family_name", "latin_name", "phone")


def withdrawn(user, **data) -> Household:
    household = register(user, **data)
    member = household.members.first()
    member.phone, member.national_id_number = "07701110001", "199012345678"
    member.latin_name = "Ali Hussein"
    member.save()
    return case_actions.transition(
        user, household, "withdraw", {"reason": "The family moved in with relatives in Mosul"}
    )


def closed_ticket(officer, **data) -> Ticket:
    ticket = new_ticket(officer, contact_name="Um Ali", **data)
    TICKET_WORKFLOW.run(officer, ticket, "assign", {"assignee": officer})
    TICKET_WORKFLOW.run(
        officer, ticket, "respond", {"response": "Called back Um Ali", "response_method": "phone"}
    )
    return TICKET_WORKFLOW.run(officer, ticket, "close")


def _history_mentions(text: str) -> bool:
    """Whether any change-history entry still holds `text`, in its values or its label."""
    return any(
        text
        in json.dumps(entry.changes, ensure_ascii=False) + entry.changes_text + entry.object_repr
        for entry in LogEntry.objects.all()
    )


def figures() -> dict:
    """What the aggregate figures are made of: counts by state, by sex, by year of birth."""
    return {
        "states": dict(Household.objects.values_list("state").annotate(n=Count("id"))),
        "sexes": dict(Member.objects.values_list("sex").annotate(n=Count("id"))),
        "members": Member.objects.count(),
        "tickets": dict(Ticket.objects.values_list("type").annotate(n=Count("id"))),
        "events": CaseEvent.objects.count(),
    }


def test_old_closed_records_lose_their_personal_data_and_the_figures_stay(personas):
    worker, officer = personas["case_worker"], personas["cfm_officer"]
    with time_machine.travel(LONG_AGO, tick=False):
        old = withdrawn(worker)
        old_ticket = closed_ticket(officer)
    with time_machine.travel(NOW - timedelta(days=10), tick=False):
        recent = withdrawn(worker)
        recent_ticket = closed_ticket(officer)
        active = register(worker)
    refresh_household_keys(old.id)
    assert PersonKey.objects.filter(household=old).exists()
    before = figures()
    head = old.members.order_by("id").first()
    head.father_name = "Sabriyah"
    head.save()
    assert _history_mentions("Sabriyah") and _history_mentions("Um Ali")

    report = apply_retention(NOW)

    assert (report.households, report.members, report.tickets) == (1, 2, 1)
    assert figures() == before
    for member in Member.objects.filter(household=old):
        assert member.given_name == REMOVED
        assert all(getattr(member, name) == "" for name in IDENTITY)
        assert member.national_id_number == "" and member.date_of_birth is None
        assert member.sex in {"m", "f"}
    events = CaseEvent.objects.filter(household=old)
    assert all(e.reason == "" for e in events)
    assert "Mosul" not in json.dumps(list(events.values_list("payload", flat=True)))
    assert not PersonKey.objects.filter(household=old).exists()
    old_ticket.refresh_from_db()
    assert (old_ticket.contact_name, old_ticket.contact_phone, old_ticket.response) == ("", "", "")
    assert old_ticket.description == REMOVED and old_ticket.status == "closed"
    for kept in (recent, active):
        head = Member.objects.filter(household=kept).order_by("id").first()
        assert head.given_name != REMOVED and head.father_name
    recent_ticket.refresh_from_db()
    assert recent_ticket.contact_name == "Um Ali"
    assert Anonymisation.objects.filter(record_uid=old.uid, reason="closed_case").exists()
    old_history = LogEntry.objects.filter(
        content_type__model="member",
        object_pk__in=[
            str(i) for i in Member.objects.filter(household=old).values_list("id", flat=True)
        ],
    )
    assert old_history.exists()
    assert not _history_mentions("Sabriyah")
    assert _history_mentions("Um Ali")  # the recent ticket's history stays whole

    again = apply_retention(NOW)
    assert (again.households, again.tickets) == (0, 0)


def test_a_dry_run_counts_and_changes_nothing(personas):
    with time_machine.travel(LONG_AGO, tick=False):
        old = withdrawn(personas["case_worker"])
    report = apply_retention(NOW, dry_run=True)
    assert report.households == 1 and report.dry_run
    assert Member.objects.filter(household=old, given_name=REMOVED).count() == 0
    assert Anonymisation.objects.count() == 0


def test_an_old_upload_is_removed_and_its_batch_and_figures_stay(personas, tmp_path):
    kept = Path(settings.MEDIA_ROOT) / "imports" / "retention-test.csv"
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_text("location,key informant phone\nA,07701234567\n", encoding="utf-8")
    with time_machine.travel(LONG_AGO, tick=False):
        batch = ImportBatch.objects.create(
            kind="masterlist",
            filename="round-1.csv",
            stored_path=str(kept),
            checksum="c" * 64,
            outcome="rejected",
            report={"rows": {"read": 1, "rejected": 1}, "rejected": [{"row": 2, "value": "0770"}]},
        )
    report = apply_retention(NOW)
    assert report.uploads == 1
    assert not kept.exists()
    batch.refresh_from_db()
    assert batch.stored_path == "" and batch.report["rejected"] == 1
    assert batch.report["rows"] == {"read": 1, "rejected": 1}


def test_the_command_reports_what_it_did(personas, run_command):
    with time_machine.travel(LONG_AGO, tick=False):
        withdrawn(personas["case_worker"])
    with time_machine.travel(NOW, tick=False):
        code, output, _ = run_command("apply_retention", "--dry-run")
        assert code == 0 and "Would anonymise 1 closed households (2 members" in output
        code, output, _ = run_command("apply_retention")
    assert code == 0 and "Anonymised 1 closed households" in output
