"""Demo households: about 2,000 cases spread over every workflow state, with a believable history.

Households live in the demo camps of the case workers' governorates and mean to return to demo
locations of return. Histories are written in bulk (the workflow's own records and timeline, with
dates in the past), because walking 2,000 cases through the actions one by one would make
`masar demo` slow; the records are the same the actions write.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from masar.accounts.models import Organisation
from masar.core.demo import DemoContext, step
from masar.core.demo_names import person_name
from masar.core.numbering import continue_numbers_after
from masar.geo.models import Location, Site

from .choices import CaseState, ClosureOutcome, EventKind, Relationship
from .durability import PRM_QUESTIONS, assess_criteria, iris_composite, overall_category
from .models import (
    Arrival,
    Assessment,
    CaseEvent,
    Clearance,
    Departure,
    DestinationAssessment,
    DurabilityAssessment,
    FollowUp,
    Household,
    Member,
    Payment,
    Visit,
)

S = CaseState
# Share of households by the state they have reached at the demo date.
STATE_MIX = {
    S.REGISTERED: 0.08, S.ASSESSED: 0.08, S.CLEARANCE_REQUESTED: 0.07, S.CLEARED: 0.06,
    S.CLEARANCE_DENIED: 0.03, S.DEPARTURE_SCHEDULED: 0.05, S.DEPARTED: 0.02, S.ARRIVED: 0.10,
    S.MONITORING: 0.26, S.CLOSED: 0.17, S.WITHDRAWN: 0.08,
}  # fmt: skip
ORDER = [
    S.REGISTERED, S.ASSESSED, S.CLEARANCE_REQUESTED, S.CLEARED, S.DEPARTURE_SCHEDULED,
    S.DEPARTED, S.ARRIVED, S.MONITORING, S.CLOSED,
]  # fmt: skip
ACTION_TO = {
    S.ASSESSED: "assess", S.CLEARANCE_REQUESTED: "request_clearance", S.CLEARED: "grant_clearance",
    S.CLEARANCE_DENIED: "deny_clearance", S.DEPARTURE_SCHEDULED: "schedule_departure",
    S.DEPARTED: "depart", S.ARRIVED: "arrive", S.MONITORING: "start_monitoring", S.CLOSED: "close",
    S.WITHDRAWN: "withdraw",
}  # fmt: skip
# Typical days spent before reaching each state (min, max).
GAPS = {
    S.ASSESSED: (2, 10), S.CLEARANCE_REQUESTED: (1, 7), S.CLEARED: (7, 30),
    S.CLEARANCE_DENIED: (7, 30), S.DEPARTURE_SCHEDULED: (5, 20), S.DEPARTED: (3, 14),
    S.ARRIVED: (0, 1), S.MONITORING: (7, 14), S.CLOSED: (90, 160), S.WITHDRAWN: (3, 40),
}  # fmt: skip
CASE_GOVERNORATES = ("IQG15", "IQG09", "IQG11")
RETURN_GOVERNORATES = ("IQG15", "IQG01", "IQG16", "IQG13", "IQG10")


def _path(final: str) -> list[str]:
    if final == S.CLEARANCE_DENIED:
        return [*ORDER[:3], S.CLEARANCE_DENIED]
    if final == S.WITHDRAWN:
        return []  # decided per household: withdrawn from some state before departure
    return ORDER[: ORDER.index(final) + 1]


def _at(day: date, rng: random.Random) -> datetime:
    moment = time(hour=rng.randint(8, 15), minute=rng.randint(0, 59))
    return timezone.make_aware(datetime.combine(day, moment))


class _Builder:
    """Accumulates every row of the demo histories, then writes them with bulk_create."""

    def __init__(self, context: DemoContext, rng: random.Random):
        self.context, self.rng, self.today = context, rng, context.today
        user_model = get_user_model()
        self.worker = user_model.objects.get(username="case_worker")
        self.supervisor = user_model.objects.get(username="case_supervisor")
        self.officer = user_model.objects.get(username="government_officer")
        self.organisation = Organisation.objects.get(name="Durable Solutions Partner")
        self.sites = list(
            Site.objects.filter(kind="camp", governorate__pcode__in=CASE_GOVERNORATES)
            .select_related("location", "governorate")
            .order_by("external_id")
        )
        self.destinations = list(
            Location.objects.filter(governorate__pcode__in=RETURN_GOVERNORATES)
            .select_related("area")
            .order_by("external_id")[:600]
        )
        self.hazardous: set[int] = set()
        self.rows: dict[type, list] = {}
        self.numbers: dict[int, int] = {}

    def add(self, obj):
        self.rows.setdefault(type(obj), []).append(obj)
        return obj

    def household(self, final: str) -> None:
        rng = self.rng
        path = _path(final)
        withdrawn_from = None
        if final == S.WITHDRAWN:
            withdrawn_from = rng.choice(ORDER[:5])
            path = [*ORDER[: ORDER.index(withdrawn_from) + 1], S.WITHDRAWN]
        span = sum(GAPS[s][1] for s in path[1:])
        if final == S.ARRIVED and rng.random() < 0.3:
            span += 20  # a few check-in calls are overdue
        registered_on = self.today - timedelta(days=rng.randint(span + 1, span + 240))
        year = registered_on.year
        self.numbers[year] = self.numbers.get(year, 0) + 1
        site = rng.choice(self.sites)
        destination = rng.choice(self.destinations)
        household = self.add(
            Household(
                uid=uuid.UUID(int=rng.getrandbits(128)),
                case_number=f"FVM-{year}-{self.numbers[year]:06d}",
                organisation=self.organisation,
                governorate=site.governorate,
                current_site=site,
                current_location=site.location,
                origin_area=destination.area,
                destination=destination,
                pathway="return",
                registration_channel=rng.choices(
                    ["help_desk", "help_line", "outreach"], weights=[7, 2, 1]
                )[0],
                registered_on=registered_on,
                state=final,
                created_by=self.worker,
                assigned_to=self.worker,
                consent_informed=True,
                consent_voluntary=True,
                consent_services=True,
                consent_referral=rng.random() < 0.9,
                consent_authorities=True,
                consent_at=_at(registered_on, rng),
                consent_recorded_by=self.worker,
                female_headed=rng.random() < 0.12,
                older_person_alone=rng.random() < 0.03,
                disability=rng.random() < 0.1,
                chronic_illness=rng.random() < 0.15,
                survivor=rng.random() < 0.02,
                perceived_affiliation=rng.random() < 0.03,
                withdrawal_reason="Decided to stay for the school year" if withdrawn_from else "",
            )
        )
        self.members(household)
        self.add(
            CaseEvent(
                household=household,
                kind=EventKind.REGISTERED,
                to_state=S.REGISTERED,
                actor=self.worker,
                at=_at(registered_on, rng),
            )
        )
        day, previous = registered_on, S.REGISTERED
        for state in path[1:]:
            day = min(day + timedelta(days=rng.randint(*GAPS[state])), self.today)
            self.step(household, state, day)
            actor = self.officer if state in (S.CLEARED, S.CLEARANCE_DENIED) else self.worker
            self.add(
                CaseEvent(
                    household=household,
                    kind=EventKind.TRANSITION,
                    action=ACTION_TO[state],
                    from_state=previous,
                    to_state=state,
                    actor=actor,
                    at=_at(day, rng),
                    reason=household.withdrawal_reason if state == S.WITHDRAWN else "",
                )
            )
            previous = state
        if rng.random() < 0.25 and withdrawn_from != S.REGISTERED:
            self.add(
                Visit(
                    household=household,
                    kind=rng.choice(["go_and_see", "come_and_tell"]),
                    visited_on=registered_on + timedelta(days=rng.randint(1, 20)),
                    participants="Head of household and one relative",
                    outcome="Saw the house; school open; electricity some hours a day",
                    recorded_by=self.worker,
                )
            )

    def members(self, household: Household) -> None:
        rng = self.rng
        size = min(12, max(1, round(rng.gauss(5.5, 2.2))))
        head_sex = "f" if household.female_headed else "m"
        head = person_name(rng, head_sex)
        family_name = head.family
        head_year = rng.randint(1955, 1998)
        people = [(Relationship.HEAD, head_sex, head, head_year)]
        if size > 1 and not household.female_headed:
            people.append((Relationship.SPOUSE, "f", person_name(rng, "f"), head_year + 3))
        while len(people) < size:
            sex = rng.choice("mf")
            child = person_name(rng, sex, father=head if head_sex == "m" else None)
            people.append((Relationship.CHILD, sex, child, rng.randint(head_year + 18, 2024)))
        for relationship, sex, name, year in people:
            adult = year <= 2006
            member = Member(
                household=household,
                relationship=relationship,
                given_name=name.given,
                father_name=name.father,
                grandfather_name=name.grandfather,
                family_name=name.family or family_name,
                latin_name=name.latin if rng.random() < 0.6 else "",
                sex=sex,
                date_of_birth=date(year, rng.randint(1, 12), rng.randint(1, 28))
                if rng.random() < 0.7
                else None,
                birth_year=year,
                phone=f"07{rng.choice('5789')}{rng.randint(10_000_000, 99_999_999)}"
                if adult and rng.random() < 0.7
                else "",
                national_id_number=str(rng.randint(10**11, 10**12 - 1))
                if adult and rng.random() < 0.8
                else "",
                national_id=rng.choices(["held", "missing", "lost", "expired"], [80, 8, 8, 4])[0],
                civil_id=rng.choices(["held", "missing", "lost"], [85, 10, 5])[0],
                birth_cert="held" if rng.random() < 0.9 else "missing",
            )
            member.refresh_search_key()
            self.add(member)

    def step(self, household: Household, state: str, day: date) -> None:
        rng = self.rng
        if state == S.ASSESSED:
            sectors = rng.sample(["shelter", "livelihoods", "hlp", "documentation", "health"], 3)
            needs = {s: {"severity": rng.randint(1, 3), "notes": ""} for s in sectors}
            self.add(
                Assessment(
                    household=household, assessed_on=day, assessed_by=self.worker, needs=needs
                )
            )
        elif state == S.CLEARANCE_REQUESTED:
            self.add(Clearance(household=household, requested_on=day, requested_by=self.worker))
        elif state in (S.CLEARED, S.CLEARANCE_DENIED):
            clearance = self.rows[Clearance][-1]
            clearance.decision = "granted" if state == S.CLEARED else "denied"
            clearance.decided_on, clearance.decided_by = day, self.officer
            clearance.reference = f"MoMD/{day.year}/{rng.randint(1000, 9999)}"
        elif state == S.DEPARTURE_SCHEDULED:
            household.consent_at = _at(day, rng)  # consent renewed when the departure is planned
            if rng.random() < 0.06:
                self.hazardous.add(household.destination_id)
                self.add(
                    CaseEvent(
                        household=household,
                        kind=EventKind.OVERRIDE,
                        action="override_destination",
                        actor=self.supervisor,
                        at=_at(day, rng),
                        reason="UNMAS cleared the house and the access road",
                        payload={
                            "destination_id": household.destination_id,
                            "concerns": ["explosive hazards reported"],
                        },
                    )
                )
            planned = day + timedelta(days=rng.randint(3, 14))
            self.add(
                Departure(
                    household=household,
                    planned_on=planned,
                    transport=rng.choice(["bus", "truck", "own vehicle"]),
                    nfi_kit=rng.random() < 0.8,
                    asset_removal=rng.random() < 0.5,
                    authorities_notified_on=day,
                )
            )
        elif state == S.DEPARTED:
            self.rows[Departure][-1].departed_on = day
            self.payment(household, "departure", day, paid=True)
        elif state == S.ARRIVED:
            self.add(
                Arrival(
                    household=household,
                    arrived_on=day,
                    location=household.destination,
                    authority_reference=f"ARR-{rng.randint(10000, 99999)}",
                    recorded_by=self.worker,
                )
            )
            self.payment(household, "reinstallation", day, paid=household.state != S.ARRIVED)
            self.follow_ups(household, day)
        elif state == S.CLOSED:
            household.closure_outcome = rng.choices(
                [ClosureOutcome.DURABLE_SOLUTION, ClosureOutcome.SECONDARY_DISPLACEMENT,
                 ClosureOutcome.LOST_CONTACT],
                [80, 12, 8],
            )[0]  # fmt: skip
        elif state == S.WITHDRAWN:
            household.closure_outcome = ClosureOutcome.WITHDRAWN
            for departure in self.rows.get(Departure, [])[-1:]:
                if departure.household is household:
                    departure.cancelled = True

    def payment(self, household: Household, purpose: str, day: date, *, paid: bool) -> None:
        amounts = {"departure": 400_000, "reinstallation": 1_500_000}
        self.add(
            Payment(
                uid=uuid.UUID(int=self.rng.getrandbits(128)),
                household=household,
                purpose=purpose,
                amount_iqd=amounts[purpose],
                status="paid" if paid else "approved",
                approved_on=day,
                approved_by=self.worker,
                paid_on=day + timedelta(days=2) if paid else None,
                channel="mobile_money" if paid else "",
            )
        )

    def follow_ups(self, household: Household, arrived_on: date) -> None:
        rng = self.rng
        check_in = self.add(
            FollowUp(
                uid=uuid.UUID(int=rng.getrandbits(128)),
                household=household,
                kind="check_in",
                due_from=arrived_on + timedelta(days=7),
                due_until=arrived_on + timedelta(days=14),
            )
        )
        prm = self.add(
            FollowUp(
                uid=uuid.UUID(int=rng.getrandbits(128)),
                household=household,
                kind="prm",
                due_from=arrived_on + timedelta(days=90),
                due_until=arrived_on + timedelta(days=180),
            )
        )
        if household.state in (S.MONITORING, S.CLOSED):
            check_in.status, check_in.completed_on = "done", arrived_on + timedelta(days=10)
            risk = rng.random() < 0.08
            check_in.protection_risk = risk
            check_in.referral_need = "protection" if risk else ""
        if household.state == S.CLOSED or (
            household.state == S.MONITORING and prm.due_until < self.today and rng.random() < 0.8
        ):
            done_on = min(arrived_on + timedelta(days=rng.randint(95, 170)), self.today)
            prm.status, prm.completed_on = "done", done_on
            prm.answers = self.prm_answers(household)
            criteria = assess_criteria(prm.answers)
            composite, detail = iris_composite(prm.answers)
            self.add(
                DurabilityAssessment(
                    household=household,
                    follow_up=prm,
                    criteria=criteria,
                    category=overall_category(criteria),
                    composite=composite,
                    composite_detail=detail,
                    assessed_on=done_on,
                )
            )
        elif household.state == S.CLOSED:
            prm.status = "cancelled"

    def prm_answers(self, household: Household) -> dict:
        """Worse answers where the destination reported hazards: the join analysts look for."""
        penalty = 0.25 if household.destination_id in self.hazardous else 0.0
        answers = {}
        for question in PRM_QUESTIONS:
            if self.rng.random() < 0.05:
                continue  # not asked
            good = self.rng.random() > 0.12 + penalty
            negative = "no" if question.positive == "yes" else "yes"
            answers[question.code] = question.positive if good else negative
        return answers

    def destination_assessments(self) -> int:
        used = {
            h.destination_id
            for h in self.rows[Household]
            if h.state not in (S.REGISTERED, S.ASSESSED, S.CLEARANCE_REQUESTED, S.CLEARANCE_DENIED)
        }
        for location_id in sorted(used):
            self.add(
                DestinationAssessment(
                    uid=uuid.UUID(int=self.rng.getrandbits(128)),
                    location_id=location_id,
                    assessed_on=self.today - timedelta(days=self.rng.randint(200, 500)),
                    sensitization_on=self.today - timedelta(days=self.rng.randint(150, 450)),
                    conditions="Houses partly damaged; water network repaired",
                    risks="Land disputes reported by two key informants",
                    explosive_hazards=location_id in self.hazardous,
                    social_tension=self.rng.choice(["none", "low", "low", "medium"]),
                    recorded_by=self.worker,
                )
            )
        return len(used)

    def save(self) -> None:
        for model in (Household,):
            model.objects.bulk_create(self.rows[model], batch_size=500)
        for model in (
            Member, CaseEvent, Assessment, Clearance, Departure, Arrival, Payment, FollowUp, Visit,
            DestinationAssessment,
        ):  # fmt: skip
            model.objects.bulk_create(self.rows.get(model, []), batch_size=1000)
        DurabilityAssessment.objects.bulk_create(self.rows.get(DurabilityAssessment, []))
        for year, last in self.numbers.items():
            continue_numbers_after("FVM", year, last)


@step("cases.households", order=40, label="Households and their cases")
def generate_households(context: DemoContext) -> dict:
    rng = context.rng("cases.households")
    builder = _Builder(context, rng)
    if not builder.sites or not builder.destinations:
        return {"households": 0}
    total = context.scaled(2000, minimum=60)
    states = list(STATE_MIX)
    for final in rng.choices(states, weights=[STATE_MIX[s] for s in states], k=total):
        builder.household(final)
    assessed = builder.destination_assessments()
    builder.save()
    return {
        "households": len(builder.rows[Household]),
        "members": len(builder.rows[Member]),
        "destinations assessed": assessed,
    }
