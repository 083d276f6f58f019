"""The demo tickets: a year of them, every status, a few sensitive, none closed unanswered."""

from collections import Counter

import pytest
from django.utils import timezone

from masar.accounts.actions import create_user
from masar.accounts.choices import Role
from masar.core.demo import DemoContext
from masar.feedback.actions import create_ticket
from masar.feedback.demo import generate_tickets
from masar.feedback.models import Ticket

pytestmark = pytest.mark.django_db


def test_the_national_demo_has_a_year_of_tickets_in_every_status(geography):
    for role in (Role.CFM_OFFICER, Role.PSEA_FOCAL_POINT):  # the demo users the step needs
        create_user(username=role, role=role, organisation="IOM Iraq")
    result = generate_tickets(DemoContext(seed=5, scale="national"))
    tickets = Ticket.objects.all()
    assert result["tickets"] == tickets.count() == 1500
    # About 1% allegations, and every complaint about staff conduct (4%) arrives sensitive.
    assert 40 <= result["sensitive"] <= 120
    staff_complaints = tickets.filter(type="staff_complaint")
    assert not staff_complaints.filter(sensitivity="normal").exists()
    assert staff_complaints.filter(sensitivity="screening").exists()
    statuses = Counter(tickets.values_list("status", flat=True))
    assert set(statuses) == {"new", "in_progress", "responded", "closed"}
    assert statuses["closed"] > tickets.count() / 2
    closed = tickets.filter(status="closed")
    assert not closed.filter(responded_at__isnull=True, no_response_possible=False).exists()
    assert not closed.filter(no_response_possible=True).exclude(contact_preference="anonymous")
    oldest = tickets.order_by("received_at").first().received_at
    assert 300 <= (timezone.now() - oldest).days <= 366
    assert len(set(tickets.values_list("channel", flat=True))) >= 7
    # References continue after the demo's: the next ticket gets a fresh number.
    officer = tickets.filter(status="closed").first().assigned_to
    fresh = create_ticket(
        officer,
        {"channel": "hotline", "type": "information", "contact_preference": "anonymous",
         "description": "Where is the help desk?"},
    )  # fmt: skip
    assert not Ticket.objects.filter(reference=fresh.reference).exclude(pk=fresh.pk).exists()
