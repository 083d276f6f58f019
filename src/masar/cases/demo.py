"""Demo households: about 2,000 cases spread over every workflow state, with a believable history.

Households live in the demo camps of the case workers' governorates. Most mean to return to demo
locations of return; some to integrate locally where they are, a few to relocate to a third
location (away from their area of origin), and a few change pathway on the way. Every household
walks through the same actions and its pathway's workflow table as on the pages — registered by
the case worker, cleared by the government officer, paid by the supervisor — with each step
dated in the past, so the demo obeys every rule a real instance does.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from masar.core.demo import DemoContext, step
from masar.core.demo_names import person_name
from masar.geo.models import Location, Site
from masar.lib.dates import add_months

from . import actions
from .choices import CaseState, ClosureOutcome, FollowUpKind, Pathway, Relationship
from .durability import PRM_QUESTIONS
from .models import (
    Household,
    Member,
)
from .severity import destination_concerns
from .steps import follow_up_windows

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
# A local integration's path: no departure, a plan of support and its start instead.
STAYING_ORDER = [
    S.REGISTERED, S.ASSESSED, S.CLEARANCE_REQUESTED, S.CLEARED, S.INTEGRATION_PLANNED,
    S.INTEGRATING, S.MONITORING, S.CLOSED,
]  # fmt: skip
# Where a local integration stands instead of a return's state of the mix.
STAYING_STATE = {
    S.DEPARTURE_SCHEDULED: S.INTEGRATION_PLANNED, S.DEPARTED: S.INTEGRATION_PLANNED,
    S.ARRIVED: S.INTEGRATING,
}  # fmt: skip
# Share of households by pathway (returns are most of the caseload in Iraq's camps).
PATHWAY_MIX = {Pathway.RETURN: 0.80, Pathway.LOCAL_INTEGRATION: 0.13, Pathway.RELOCATION: 0.07}
# Share of local integrations and relocations that started as returns and changed pathway.
CHANGED_PATHWAY = 0.2
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
    S.INTEGRATION_PLANNED: (5, 20), S.INTEGRATING: (3, 14),
}  # fmt: skip
CASE_GOVERNORATES = ("IQG15", "IQG09", "IQG11")
RETURN_GOVERNORATES = ("IQG15", "IQG01", "IQG16", "IQG13", "IQG10")


def _path(final: str, order: list[str]) -> list[str]:
    if final == S.CLEARANCE_DENIED:
        return [*order[:3], S.CLEARANCE_DENIED]
    if final == S.WITHDRAWN:
        return []  # decided per household: withdrawn from some state before departure
    return order[: order.index(final) + 1]


def _at(day: date, rng: random.Random) -> datetime:
    moment = time(hour=rng.randint(8, 15), minute=rng.randint(0, 59))
    return timezone.make_aware(datetime.combine(day, moment))


class _Builder:
    """Walks each demo household through the real actions and workflow, dated in the past."""

    def __init__(self, context: DemoContext, rng: random.Random):
        self.context, self.rng, self.today = context, rng, context.today
        user_model = get_user_model()
        self.worker = user_model.objects.get(username="case_worker")
        self.supervisor = user_model.objects.get(username="case_supervisor")
        self.officer = user_model.objects.get(username="government_officer")
        # Destinations lie beyond the case worker's governorates: the IM unit assesses them.
        self.assessor = user_model.objects.get(username="im_officer")
        self.sites = list(
            Site.objects.filter(kind="camp", governorate__pcode__in=CASE_GOVERNORATES)
            .select_related("location", "governorate")
            .order_by("external_id")
        )
        self.destinations = list(
            Location.objects.filter(governorate__pcode__in=RETURN_GOVERNORATES)
            .select_related("area", "governorate")
            .order_by("external_id")[:600]
        )
        self.hazardous: set[int] = set()
        self.assessed: dict[int, date] = {}
        self.count = 0
        self.final = ""

    def household(self, final: str, pathway: str) -> None:
        rng = self.rng
        staying = pathway == Pathway.LOCAL_INTEGRATION
        order = STAYING_ORDER if staying else ORDER
        final = STAYING_STATE.get(final, final) if staying else final
        self.final = final
        path = _path(final, order)
        withdrawn_from = None
        if final == S.WITHDRAWN:
            withdrawn_from = rng.choice(order[:5])
            path = [*order[: order.index(withdrawn_from) + 1], S.WITHDRAWN]
        span = sum(GAPS[s][1] for s in path[1:])
        if final in (S.ARRIVED, S.INTEGRATING) and rng.random() < 0.3:
            span += 20  # a few check-in calls are overdue
        registered_on = self.today - timedelta(days=rng.randint(span + 1, span + 240))
        site = rng.choice(self.sites)
        destination = rng.choice(self.destinations)
        origin = destination.area
        if pathway == Pathway.RELOCATION:
            origin = self.origin_away_from(destination)
            if origin is None:
                pathway, origin = Pathway.RETURN, destination.area
        # Some started as returns and changed pathway once assessed.
        changes = (
            pathway != Pathway.RETURN and S.ASSESSED in path and rng.random() < CHANGED_PATHWAY
        )
        female_headed = rng.random() < 0.12
        data = {
            "current_site": site,
            "origin_area": origin,
            "destination": None if staying and not changes else destination,
            "pathway": Pathway.RETURN if changes else pathway,
            "registration_channel": rng.choices(
                ["help_desk", "help_line", "outreach"], weights=[7, 2, 1]
            )[0],
            "consent_informed": True,
            "consent_voluntary": True,
            "consent_services": True,
            "consent_referral": rng.random() < 0.9,
            "consent_authorities": True,
            "female_headed": female_headed,
            "older_person_alone": rng.random() < 0.03,
            "disability": rng.random() < 0.1,
            "chronic_illness": rng.random() < 0.15,
            "survivor": rng.random() < 0.02,
            "perceived_affiliation": rng.random() < 0.03,
        }
        if changes and pathway == Pathway.RELOCATION:
            data["origin_area"] = destination.area
        household = actions.register_household(
            self.supervisor if data["survivor"] or data["perceived_affiliation"] else self.worker,
            data,
            self.members(female_headed),
            registered_on=registered_on,
            at=_at(registered_on, rng),
        )
        self.count += 1
        if rng.random() < 0.25 and withdrawn_from != S.REGISTERED:
            visited_on = min(registered_on + timedelta(days=rng.randint(1, 20)), self.today)
            actions.record_visit(
                self.worker,
                household,
                {
                    "kind": rng.choice(["go_and_see", "come_and_tell"]),
                    "visited_on": visited_on,
                    "participants": "Head of household and one relative",
                    "outcome": "Saw the house; school open; electricity some hours a day",
                },
                at=_at(visited_on, rng),
            )
        day = registered_on
        for state in path[1:]:
            day = min(day + timedelta(days=rng.randint(*GAPS[state])), self.today)
            household = self.step(household, state, day)
            if changes and state == S.ASSESSED:
                day = min(day + timedelta(days=rng.randint(1, 5)), self.today)
                household = self.change_pathway(household, pathway, day)

    def origin_away_from(self, destination: Location):
        """An area of origin in another district than the destination: a relocation's."""
        for _attempt in range(20):
            origin = self.rng.choice(self.destinations).area
            if origin.pcode[:8] != destination.area.pcode[:8]:
                return origin
        return None

    def change_pathway(self, household: Household, pathway: str, day: date) -> Household:
        """A return that became a local integration or a relocation, with the reason given."""
        reasons = {
            Pathway.LOCAL_INTEGRATION: "The head found steady work here; the family will stay",
            Pathway.RELOCATION: "The house in the village was destroyed; relatives host them",
        }
        data: dict = {"pathway": pathway, "reason": reasons[pathway]}
        if pathway == Pathway.RELOCATION:
            data["destination"] = self.rng.choice(
                [
                    d
                    for d in self.destinations
                    if d.area.pcode[:8] != household.origin_area.pcode[:8]
                ]
            )
        return self.move(self.worker, household, "change_pathway", day, **data)

    def move(self, user, household: Household, action: str, day: date, **data) -> Household:
        return actions.transition(user, household, action, data, today=day, now=_at(day, self.rng))

    def step(self, household: Household, state: str, day: date) -> Household:
        rng = self.rng
        if state == S.ASSESSED:
            sectors = rng.sample(["shelter", "livelihoods", "hlp", "documentation", "health"], 3)
            needs = {s: {"severity": rng.randint(1, 3), "notes": ""} for s in sectors}
            return self.move(self.worker, household, "assess", day, assessed_on=day, needs=needs)
        if state in (S.CLEARED, S.CLEARANCE_DENIED):
            action = "grant_clearance" if state == S.CLEARED else "deny_clearance"
            reference = f"MoMD/{day.year}/{rng.randint(1000, 9999)}"
            return self.move(
                self.officer, household, action, day, decided_on=day, reference=reference
            )
        if state == S.DEPARTURE_SCHEDULED:
            self.assess_destination(household.destination, day)
            if destination_concerns(household):
                actions.override_destination(
                    self.supervisor,
                    household,
                    "UNMAS cleared the house and the access road",
                    at=_at(day, rng),
                )
            return self.move(
                self.worker,
                household,
                "schedule_departure",
                day,
                planned_on=day + timedelta(days=rng.randint(3, 14)),
                transport=rng.choice(["bus", "truck", "own vehicle"]),
                nfi_kit=rng.random() < 0.8,
                asset_removal=rng.random() < 0.5,
                authorities_notified_on=day,
            )
        if state == S.DEPARTED:
            household = self.move(self.worker, household, "depart", day, departed_on=day)
            self.payment(household, "departure", day, paid=True)
            return household
        if state == S.ARRIVED:
            household = self.move(
                self.worker,
                household,
                "arrive",
                day,
                arrived_on=day,
                authority_reference=f"ARR-{rng.randint(10000, 99999)}",
            )
            return household
        if state == S.INTEGRATION_PLANNED:
            return self.move(
                self.worker,
                household,
                "plan_integration",
                day,
                intention_confirmed_on=day - timedelta(days=rng.randint(0, 5)),
                support_plan=rng.choice(
                    [
                        "Rent support for six months; vocational training for the head",
                        "Cash for work with the municipality; school enrolment for the children",
                        "Business grant for a grocery; legal aid for the house title",
                    ]
                ),
                documentation_support=rng.random() < 0.5,
                hlp_support=rng.random() < 0.4,
            )
        if state == S.INTEGRATING:
            return self.move(self.worker, household, "start_integration", day, started_on=day)
        if state == S.MONITORING:
            self.check_in(household, day)
            household.refresh_from_db()
            if household.pathway != Pathway.LOCAL_INTEGRATION:
                self.payment(household, "reinstallation", day, paid=True)
            if self.final == S.MONITORING:
                self.prm_if_due(household, close_on=None)
            return household
        if state == S.CLOSED:
            return self.close(household, day)
        if state == S.WITHDRAWN:
            return self.move(
                self.worker,
                household,
                "withdraw",
                day,
                reason="Decided to stay for the school year",
            )
        return self.move(self.worker, household, ACTION_TO[state], day)

    def assess_destination(self, location: Location, day: date) -> None:
        """A destination assessment within the last months before the first departure there;
        a few report explosive hazards (and need a supervisor's override)."""
        latest = self.assessed.get(location.pk)
        if latest is not None and latest > add_months(day, -10):
            return
        hazards = location.pk in self.hazardous or self.rng.random() < 0.06
        if hazards:
            self.hazardous.add(location.pk)
        assessed_on = day - timedelta(days=self.rng.randint(10, 60))
        actions.record_destination_assessment(
            self.assessor,
            location,
            {
                "assessed_on": assessed_on,
                "sensitization_on": assessed_on + timedelta(days=5),
                "conditions": "Houses partly damaged; water network repaired",
                "risks": "Land disputes reported by two key informants",
                "explosive_hazards": hazards,
                "social_tension": self.rng.choice(["none", "low", "low", "medium"]),
            },
        )
        self.assessed[location.pk] = assessed_on

    def check_in(self, household: Household, day: date) -> None:
        check_in = household.follow_ups.get(kind="check_in")
        done_on = max(day, check_in.due_from)
        risk = self.rng.random() < 0.08
        actions.complete_follow_up(
            self.worker,
            check_in,
            completed_on=done_on,
            answers={},
            outcome="Settled; children enrolled",
            protection_risk=risk,
            referral_need="protection" if risk else "",
            at=_at(done_on, self.rng),
        )

    def prm_if_due(self, household: Household, close_on: date | None) -> bool:
        """Complete the PRM in its window (before the closure, if any); whether it was done."""
        prm = household.follow_ups.get(kind="prm")
        earliest, _latest = follow_up_windows(household.pathway)[FollowUpKind.PRM]
        arrived_on = prm.due_from - timedelta(days=earliest)
        done_on = min(arrived_on + timedelta(days=self.rng.randint(95, 170)), self.today)
        if close_on is not None:
            done_on = min(done_on, close_on)
        elif not (prm.due_until < self.today and self.rng.random() < 0.8):
            return False
        if done_on < prm.due_from:
            return False
        actions.complete_follow_up(
            self.worker,
            prm,
            completed_on=done_on,
            answers=self.prm_answers(household),
            at=_at(done_on, self.rng),
        )
        return True

    def close(self, household: Household, day: date) -> Household:
        rng = self.rng
        outcome = rng.choices(
            [ClosureOutcome.DURABLE_SOLUTION, ClosureOutcome.SECONDARY_DISPLACEMENT,
             ClosureOutcome.LOST_CONTACT],
            [80, 12, 8],
        )[0]  # fmt: skip
        surveyed = self.prm_if_due(household, close_on=day)
        if outcome == ClosureOutcome.DURABLE_SOLUTION and not surveyed:
            outcome = ClosureOutcome.LOST_CONTACT
        latest = household.durability_assessments.order_by("-assessed_on").first()
        # Closing as durable after a survey that found it not yet durable is the supervisor's.
        user = self.worker
        if outcome == ClosureOutcome.DURABLE_SOLUTION and latest.category != "durable":
            user = self.supervisor
        household.refresh_from_db()
        return self.move(user, household, "close", day, outcome=outcome)

    def payment(self, household: Household, purpose: str, day: date, *, paid: bool) -> None:
        """Approved by the case worker, paid by the supervisor (never the same person)."""
        payment = actions.approve_payment(
            self.worker, household, purpose, approved_on=day, at=_at(day, self.rng)
        )
        if paid:
            paid_on = min(day + timedelta(days=2), self.today)
            actions.mark_payment_paid(
                self.supervisor,
                payment,
                paid_on=paid_on,
                channel="mobile_money",
                at=_at(paid_on, self.rng),
            )

    def members(self, female_headed: bool) -> list[dict]:
        rng = self.rng
        size = min(12, max(1, round(rng.gauss(5.5, 2.2))))
        head_sex = "f" if female_headed else "m"
        head = person_name(rng, head_sex)
        family_name = head.family
        head_year = rng.randint(1955, 1998)
        people = [(Relationship.HEAD, head_sex, head, head_year)]
        if size > 1 and not female_headed:
            people.append((Relationship.SPOUSE, "f", person_name(rng, "f"), head_year + 3))
        while len(people) < size:
            sex = rng.choice("mf")
            child = person_name(rng, sex, father=head if head_sex == "m" else None)
            people.append((Relationship.CHILD, sex, child, rng.randint(head_year + 18, 2024)))
        result = []
        for relationship, sex, name, year in people:
            adult = year <= 2006
            member = dict(
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
            result.append(member)
        return result

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


@step("cases.households", order=40, label="Households and their cases")
def generate_households(context: DemoContext) -> dict:
    rng = context.rng("cases.households")
    builder = _Builder(context, rng)
    if not builder.sites or not builder.destinations:
        return {"households": 0}
    total = context.scaled(2000, minimum=60)
    states, pathways = list(STATE_MIX), list(PATHWAY_MIX)
    for final in rng.choices(states, weights=[STATE_MIX[s] for s in states], k=total):
        builder.household(final, rng.choices(pathways, [PATHWAY_MIX[p] for p in pathways])[0])
    return {
        "households": builder.count,
        "members": Member.objects.count(),
        "destinations assessed": len(builder.assessed),
    }
