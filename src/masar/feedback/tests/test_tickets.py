"""Tickets: intake, deadlines, the lifecycle and its refusals, the worklist, the analysis."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from masar.accounts.actions import create_user
from masar.accounts.choices import Role
from masar.cases.tests.factories import register
from masar.feedback import actions, queries
from masar.feedback.models import Ticket
from masar.feedback.workflow import TICKET_WORKFLOW
from masar.geo.models import AdminArea
from masar.lib.dates import BAGHDAD

pytestmark = pytest.mark.django_db


def new_ticket(user, **data) -> Ticket:
    fields = {
        "channel": "hotline",
        "type": "information",
        "contact_preference": "phone",
        "contact_phone": "07701234567",
        "description": "When is the next go-and-see visit?",
        "governorate": AdminArea.objects.get(pcode="IQG15"),
    }
    return actions.create_ticket(user, {**fields, **data})


# The reference carries the year in Baghdad, which has begun while UTC is still in the old one.
@time_machine.travel(datetime(2027, 1, 1, 0, 30, tzinfo=BAGHDAD), tick=False)
def test_deadlines_follow_the_type_and_sensitivity(personas):
    officer = personas["cfm_officer"]
    received = timezone.now() - timedelta(hours=1)
    information = new_ticket(officer, received_at=received)
    assert information.response_due == received + timedelta(hours=72)
    assert information.first_action_due is None
    complaint = new_ticket(officer, type="service_complaint", received_at=received)
    assert complaint.response_due == received + timedelta(days=7)
    sensitive = new_ticket(personas["psea"], sensitivity="sea", received_at=received)
    assert sensitive.first_action_due == received + timedelta(hours=24)
    assert information.reference.startswith("CFM-2027-")
    assert information.reference != complaint.reference


def test_a_ticket_needs_a_description_and_a_handler(personas):
    with pytest.raises(ValidationError):
        new_ticket(personas["cfm_officer"], description="  ")
    with pytest.raises(PermissionDenied):
        new_ticket(personas["case_worker"])
    assert Ticket.objects.count() == 0


def test_a_ticket_cannot_close_without_the_response_given(personas):
    officer = personas["cfm_officer"]
    ticket = new_ticket(officer)
    TICKET_WORKFLOW.run(officer, ticket, "assign", {"assignee": officer})
    with pytest.raises(ValidationError, match="not possible"):
        TICKET_WORKFLOW.run(officer, ticket, "close")
    with pytest.raises(ValidationError, match="Record the response"):
        TICKET_WORKFLOW.run(officer, ticket, "respond", {"response": "", "response_method": "sms"})
    with pytest.raises(ValidationError, match="anonymous"):
        TICKET_WORKFLOW.run(officer, ticket, "close_unanswerable", {"reason": "no contact"})
    ticket = TICKET_WORKFLOW.run(
        officer,
        ticket,
        "respond",
        {"response": "Visit planned for the 3rd", "response_method": "phone"},
    )
    assert ticket.responded_at is not None and ticket.responded_by == officer
    ticket = TICKET_WORKFLOW.run(officer, ticket, "close")
    assert ticket.status == "closed"
    assert [e.action for e in ticket.events.all()] == ["received", "assign", "respond", "close"]


def test_an_anonymous_ticket_closes_without_a_response_recorded_as_such(personas):
    officer = personas["cfm_officer"]
    ticket = new_ticket(officer, contact_preference="anonymous", contact_phone="")
    options = TICKET_WORKFLOW.options(officer, ticket)
    assert "close_unanswerable" in {o.action for o in options if not o.missing}
    with pytest.raises(ValidationError, match="reason"):
        TICKET_WORKFLOW.run(officer, ticket, "close_unanswerable", {})
    ticket = TICKET_WORKFLOW.run(officer, ticket, "close_unanswerable", {"reason": "box, no name"})
    assert ticket.status == "closed" and ticket.no_response_possible


def test_a_stale_form_is_refused(personas):
    officer = personas["cfm_officer"]
    ticket = new_ticket(officer)
    TICKET_WORKFLOW.run(officer, ticket, "start", expected_version=ticket.version)
    with pytest.raises(ValidationError, match="changed by someone else"):
        TICKET_WORKFLOW.run(officer, ticket, "assign", {"assignee": officer}, expected_version=1)


def test_a_sensitive_ticket_is_assigned_only_to_a_psea_focal_point(personas):
    psea, officer = personas["psea"], personas["cfm_officer"]
    ticket = new_ticket(psea, sensitivity="fraud")
    with pytest.raises(ValidationError, match="Choose an officer"):
        TICKET_WORKFLOW.run(psea, ticket, "assign", {"assignee": officer})
    ticket = TICKET_WORKFLOW.run(psea, ticket, "assign", {"assignee": psea})
    assert ticket.assigned_to == psea and ticket.first_action_at is not None


def test_overdue_tickets_show_in_the_worklist(personas):
    officer = personas["cfm_officer"]
    late = new_ticket(officer, received_at=timezone.now() - timedelta(days=4))
    on_time = new_ticket(officer, received_at=timezone.now() - timedelta(days=2))
    answered = new_ticket(officer, received_at=timezone.now() - timedelta(days=5))
    TICKET_WORKFLOW.run(
        officer, answered, "respond", {"response": "Done", "response_method": "sms"}
    )
    worklist = queries.worklist(officer)
    assert [t.pk for t in worklist["overdue"]] == [late.pk]
    assert late.overdue() and not on_time.overdue()
    psea = personas["psea"]
    untouched = new_ticket(
        psea, sensitivity="sea", received_at=timezone.now() - timedelta(hours=25)
    )
    assert untouched.overdue()
    assert [t.pk for t in queries.worklist(psea)["overdue"]] == [untouched.pk]


# December: counting 335 days back from its first day gave a thirteen-month trend.
@time_machine.travel(datetime(2026, 12, 31, 23, 30, tzinfo=BAGHDAD), tick=False)
def test_the_monthly_analysis_counts_sensitive_tickets_only_as_a_total(personas):
    officer, psea = personas["cfm_officer"], personas["psea"]
    month = date(2026, 12, 1)
    received = datetime(2026, 12, 1, 10, tzinfo=BAGHDAD)
    quick = new_ticket(officer, received_at=received, programme="CCCM")
    new_ticket(officer, received_at=received, channel="help_desk", type="suggestion")
    new_ticket(psea, received_at=received, sensitivity="sea", programme="CCCM")
    answer = {
        "response": "Yes",
        "response_method": "sms",
        "responded_at": received + timedelta(hours=2),
    }
    TICKET_WORKFLOW.run(officer, quick, "respond", answer)
    result = queries.monthly_analysis(officer, month)
    assert result["total"] == 2
    # The CFM officer, who sees no sensitive ticket, does not learn that there is one.
    assert result["sensitive_total"] is None
    assert sum(n for _k, _l, n in result["by_channel"]) == 2
    assert dict((k, n) for k, _l, n in result["by_programme"]) == {"CCCM": 1, "": 1}
    assert result["responded"] == 1 and result["responded_on_time"] == 1
    assert result["trend"][-1] == {"month": month, "tickets": 2, "sensitive": None}
    assert len(result["trend"]) == 12
    # The PSEA focal point counts them exactly, and leaves them out of the details too.
    theirs = queries.monthly_analysis(psea, month)
    assert theirs["sensitive_total"] == 1
    assert theirs["trend"][-1]["sensitive"] == 1
    assert theirs["by_programme"] == []


def test_a_case_worker_sees_only_tickets_of_households_in_their_scope(personas):
    officer = personas["cfm_officer"]
    household = register(personas["case_worker"])
    linked = new_ticket(officer, household=household)
    other = new_ticket(officer)
    visible = set(queries.search(personas["case_worker"], {}).values_list("pk", flat=True))
    assert visible == {linked.pk}
    assert other.pk not in set(
        queries.search(personas["other_case_worker"], {}).values_list("pk", flat=True)
    )


def test_a_governorate_scoped_officer_sees_their_governorates_and_unplaced_tickets(personas):
    officer = personas["cfm_officer"]
    anbar_officer = create_user(
        username="cfm_anbar", role=Role.CFM_OFFICER, organisation="IOM", governorates=["IQG01"]
    )
    ninewa = new_ticket(officer)
    anbar = new_ticket(officer, governorate=AdminArea.objects.get(pcode="IQG01"))
    nowhere = new_ticket(officer, governorate=None)
    visible = set(queries.search(anbar_officer, {}).values_list("pk", flat=True))
    assert visible == {anbar.pk, nowhere.pk}
    assert ninewa.pk not in visible


def test_the_month_bounds_cover_the_whole_month():
    start, end = queries.month_bounds(date(2024, 2, 15))
    assert (start.date(), end.date()) == (date(2024, 2, 1), date(2024, 3, 1))
