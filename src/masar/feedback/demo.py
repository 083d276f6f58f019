"""About 1,500 demo tickets over the last 12 months: a realistic mix of channels and types,
most answered within their deadline, some late, a few still open past it, a few sensitive (the
allegations, and every complaint about staff conduct, which arrives sensitive)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from masar.cases.models import Household
from masar.core.demo import DemoContext, step
from masar.core.demo_names import person_name
from masar.core.numbering import random_reference
from masar.geo.models import AdminArea

from .actions import arrival_sensitivity, deadlines
from .choices import SENSITIVE, ContactPreference, ResponseMethod, Sensitivity, TicketStatus
from .models import Ticket, TicketEvent

CHANNELS = {"hotline": 40, "help_desk": 25, "complaint_box": 8, "email": 3, "in_person": 12,
            "community_meeting": 7, "social_media": 3, "web_form": 2}  # fmt: skip
TYPES = {"information": 35, "assistance": 30, "service_complaint": 15, "staff_complaint": 4,
         "positive": 8, "suggestion": 8}  # fmt: skip
GOVERNORATES = {"IQG15": 30, "IQG08": 15, "IQG11": 10, "IQG01": 12, "IQG16": 10, "IQG13": 8,
                "IQG10": 6, "IQG07": 5, "IQG18": 4}  # fmt: skip
PROGRAMMES = {"Durable solutions": 35, "CCCM": 25, "Shelter": 12, "Livelihoods": 12,
              "Health": 8, "Protection": 8}  # fmt: skip
SECTORS = {"Durable solutions": "cash", "CCCM": "shelter", "Shelter": "shelter",
           "Livelihoods": "livelihoods", "Health": "health",
           "Protection": "protection"}  # fmt: skip
DESCRIPTIONS = {
    "information": ["متى يبدأ التسجيل للعودة الطوعية؟", "When is the next go-and-see visit?",
                    "ما هي الوثائق المطلوبة للحصول على منحة العودة؟"],
    "assistance": ["نحتاج إلى خيمة جديدة بعد العاصفة", "Our water tank is broken",
                   "نطلب مساعدة في استخراج البطاقة الوطنية"],
    "service_complaint": ["لم نستلم منحة المغادرة بعد", "The distribution started three hours late",
                          "الماء في المخيم غير صالح للشرب"],
    "staff_complaint": ["Staff at the help desk were rude to my mother",
                        "الموظف لم يسجل طلبنا"],
    "positive": ["شكراً لفريق المساعدة على الزيارة", "The transport on departure day went well"],
    "suggestion": ["Please open the help desk on Saturdays", "نقترح توزيع المعلومات بالكردية أيضاً"],
}  # fmt: skip
SENSITIVE_TEXT = "[demo] sensitive allegation: details held by the PSEA focal point"


def _pick(rng, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@step("feedback.tickets", order=60, label="Complaints and feedback tickets")
def generate_tickets(context: DemoContext) -> dict:
    rng = context.rng("feedback")
    users = get_user_model().objects
    officer = users.get(username="cfm_officer")
    psea = users.get(username="psea_focal_point")
    governorates = {a.pcode: a for a in AdminArea.objects.filter(level=1)}
    households = list(Household.objects.order_by("id").values_list("id", flat=True)[:3000])
    now = timezone.now()
    count = context.scaled(1500, minimum=60)
    tickets, histories = [], []
    for _ in range(count):
        received = now - timedelta(days=rng.uniform(0, 365), hours=rng.uniform(0, 10))
        ticket_type = _pick(rng, TYPES)
        # A few allegations, recorded as complaints about staff conduct and classified.
        alleged = rng.random() < 0.012
        if alleged:
            ticket_type = "staff_complaint"
            sensitivity = rng.choice(sorted(SENSITIVE - {Sensitivity.SCREENING}))
        else:
            sensitivity = arrival_sensitivity(ticket_type, Sensitivity.NORMAL)
        sensitive = sensitivity in SENSITIVE
        anonymous = rng.random() < (0.5 if sensitive else 0.08)
        programme = _pick(rng, PROGRAMMES)
        preference = rng.choice(["phone", "phone", "sms", "in_person"])
        year = timezone.localdate(received).year
        ticket = Ticket(
            reference=random_reference("CFM", year, rng),
            channel=_pick(rng, CHANNELS),
            received_at=received,
            type=ticket_type,
            sensitivity=sensitivity,
            governorate=governorates[_pick(rng, GOVERNORATES)],
            household_id=rng.choice(households) if households and rng.random() < 0.1 else None,
            programme=programme,
            sector=SECTORS[programme],
            contact_preference=ContactPreference.ANONYMOUS if anonymous else preference,
            contact_name="" if anonymous else _name(rng),
            contact_phone=""
            if anonymous
            else f"07{rng.randint(50, 90)}{rng.randint(0, 10**7):07d}",
            description=SENSITIVE_TEXT if alleged else rng.choice(DESCRIPTIONS[ticket_type]),
            language=rng.choice(["ar", "ar", "ar", "en", "ckb"]),
            priority=rng.choice(["normal", "normal", "normal", "high", "low"]),
        )
        ticket.first_action_due, ticket.response_due = deadlines(ticket)
        handler = psea if sensitive else officer
        steps = _history(rng, ticket, handler, now)
        tickets.append(ticket)
        histories.append(steps)
    Ticket.objects.bulk_create(tickets, batch_size=500)
    events = [
        TicketEvent(ticket=ticket, **step_fields)
        for ticket, steps in zip(tickets, histories, strict=True)
        for step_fields in steps
    ]
    TicketEvent.objects.bulk_create(events, batch_size=1000)
    return {"tickets": len(tickets), "sensitive": sum(t.sensitive for t in tickets)}


def _name(rng) -> str:
    name = person_name(rng, rng.choice("mf"))
    return f"{name.given} {name.father} {name.family}".strip()


def _history(rng, ticket: Ticket, handler, now) -> list[dict]:
    """Move the ticket along a plausible path (older tickets are further along); return the
    timeline events, and set the ticket's fields as the path leaves them."""
    received = ticket.received_at
    events = [{"action": "received", "to_status": "new", "at": received, "actor": None}]
    age_days = (now - received).days
    allowed = ticket.response_due - received
    late = rng.random() < 0.15
    took = allowed * (rng.uniform(1.1, 2.5) if late else rng.uniform(0.05, 0.9))
    if received + took > now or (age_days < 20 and rng.random() < 0.35):
        # Still open: new, or assigned and in progress.
        if rng.random() < 0.5:
            return events
        ticket.status = TicketStatus.IN_PROGRESS
    else:
        ticket.status = TicketStatus.CLOSED if rng.random() < 0.85 else TicketStatus.RESPONDED
    first = received + min(took / 4, timedelta(hours=rng.uniform(1, 20)))
    ticket.assigned_to = handler
    ticket.first_action_at = first
    events.append({"action": "assign", "from_status": "new", "to_status": "assigned", "at": first,
                   "actor": handler, "note": handler.username})  # fmt: skip
    events.append({"action": "start", "from_status": "assigned", "to_status": "in_progress",
                   "at": first + timedelta(minutes=30), "actor": handler})  # fmt: skip
    if ticket.status == TicketStatus.IN_PROGRESS:
        return events
    if ticket.anonymous and rng.random() < 0.7:
        ticket.status = TicketStatus.CLOSED
        ticket.no_response_possible = True
        ticket.closed_at = received + took
        events.append({"action": "close_unanswerable", "from_status": "in_progress",
                       "to_status": "closed", "at": ticket.closed_at, "actor": handler,
                       "note": "anonymous, no contact given"})  # fmt: skip
        return events
    ticket.response = "[demo] answered: information given and next steps explained"
    ticket.response_method = (
        ResponseMethod.COMMUNITY_MEETING if ticket.anonymous else rng.choice(
            [ResponseMethod.PHONE, ResponseMethod.PHONE, ResponseMethod.SMS,
             ResponseMethod.IN_PERSON])
    )  # fmt: skip
    ticket.responded_at = received + took
    ticket.responded_by = handler
    events.append({"action": "respond", "from_status": "in_progress", "to_status": "responded",
                   "at": ticket.responded_at, "actor": handler})  # fmt: skip
    if ticket.status == TicketStatus.CLOSED:
        ticket.closed_at = ticket.responded_at + timedelta(days=rng.uniform(0, 3))
        events.append({"action": "close", "from_status": "responded", "to_status": "closed",
                       "at": ticket.closed_at, "actor": handler})  # fmt: skip
    return events
