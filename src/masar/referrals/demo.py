"""Demo services of eight partner organisations, and referrals from demo cases in every status."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from masar.accounts.actions import get_or_create_organisation
from masar.cases.choices import EventKind, Relationship
from masar.cases.models import CaseEvent, Household, Member
from masar.core.demo import DemoContext, step
from masar.core.numbering import continue_numbers_after
from masar.geo.models import AdminArea

from .models import Referral, ReferralEvent, Service

RETURN_GOVERNORATES = ["IQG15", "IQG01", "IQG16", "IQG13", "IQG10"]
# organisation, service, sector, governorates (None: all of return), response days
SERVICES = [
    ("Livelihoods Partner", "Cash for work", "livelihoods", None, 7),
    ("Livelihoods Partner", "Small business grants", "livelihoods", ["IQG15", "IQG16"], 10),
    ("Shelter Iraq", "Shelter rehabilitation", "shelter", None, 14),
    ("Legal Aid Network", "Civil documentation", "civil_documentation", None, 5),
    ("Legal Aid Network", "HLP counselling and claims", "hlp", None, 7),
    ("Health Access Iraq", "Primary health care referral", "health", None, 3),
    ("Mind Care", "Psychosocial support", "mhpss", ["IQG15", "IQG01"], 5),
    ("Protection Partners", "Case management (protection)", "protection", None, 2),
    ("Mine Action Iraq", "Explosive-hazard survey and clearance", "explosive_hazards", None, 10),
    ("Education Cluster Partner", "School re-enrolment", "education", ["IQG15", "IQG01"], 7),
]
# final status: weight
STATUS_MIX = {
    "sent": 12, "accepted": 8, "declined": 8, "in_progress": 15, "completed": 45,
    "closed_no_service": 5, "withdrawn": 7,
}  # fmt: skip
PATHS = {
    "sent": ["sent"],
    "accepted": ["sent", "accepted"],
    "declined": ["sent", "declined"],
    "in_progress": ["sent", "accepted", "in_progress"],
    "completed": ["sent", "accepted", "in_progress", "completed"],
    "closed_no_service": ["sent", "accepted", "closed_no_service"],
    "withdrawn": ["sent", "withdrawn"],
}
ACTIONS = {
    "sent": "send", "accepted": "accept", "declined": "decline", "in_progress": "start",
    "completed": "complete", "closed_no_service": "close_without_service", "withdrawn": "withdraw",
}  # fmt: skip


@step("referrals.services", order=50, label="Partner services and referrals")
def generate_referrals(context: DemoContext) -> dict:
    rng = context.rng("referrals")
    users = get_user_model().objects
    worker = users.get(username="case_worker")
    partner_user = users.get(username="partner_focal_point")
    governorates = {a.pcode: a for a in AdminArea.objects.filter(level=1)}
    services = []
    for org_name, name, sector, covers, days in SERVICES:
        organisation = get_or_create_organisation(org_name)
        service = Service.objects.create(
            organisation=organisation,
            name=name,
            sector=sector,
            eligibility="Returnee and vulnerable host-community households",
            focal_point=partner_user if org_name == "Livelihoods Partner" else None,
            focal_point_contact=f"{sector}@example.org",
            response_days=days,
        )
        service.governorates.set([governorates[p] for p in covers or RETURN_GOVERNORATES])
        services.append((service, set(covers or RETURN_GOVERNORATES)))
    households = list(
        Household.objects.filter(
            state__in=["arrived", "monitoring", "closed"], consent_referral=True
        ).select_related("destination__governorate", "destination__area")
    )
    heads = {
        m.household_id: m
        for m in Member.objects.filter(household__in=households, relationship=Relationship.HEAD)
    }
    chosen = rng.sample(households, min(len(households), context.scaled(500, minimum=30)))
    referrals, events, case_events = [], [], []
    statuses = list(STATUS_MIX)
    for number, household in enumerate(chosen, start=1):
        pcode = household.destination.governorate.pcode
        options = [s for s, covers in services if pcode in covers]
        if not options:
            continue
        service = rng.choice(options)
        final = rng.choices(statuses, weights=[STATUS_MIX[s] for s in statuses])[0]
        sent_day = context.today - timedelta(days=rng.randint(3, 200))
        at = timezone.make_aware(datetime.combine(sent_day, time(10)))
        head = heads.get(household.pk)
        referral = Referral(
            uid=uuid.UUID(int=rng.getrandbits(128)),
            reference=f"REF-{sent_day.year}-{number:06d}",
            household=household,
            service=service,
            from_organisation_id=household.organisation_id,
            to_organisation=service.organisation,
            governorate=household.destination.governorate,
            sent_by=worker,
            sent_at=at,
            reason="Needs identified at the check-in call",
            urgency=rng.choices(["normal", "urgent", "emergency"], [80, 17, 3])[0],
            shared_name=head.full_name if head else "",
            shared_phone=head.phone if head else "",
            shared_location=household.destination,
            need=service.get_sector_display(),
            status=final,
        )
        previous = ""
        for status in PATHS[final]:
            actor = worker if status in ("sent", "withdrawn") else partner_user
            if status == "accepted":
                referral.accepted_at = at
            if status in ("declined", "completed", "closed_no_service", "withdrawn"):
                referral.finished_at = at
            if status == "completed":
                referral.outcome = "Service delivered as planned"
                referral.service_date = at.date()
            if status in ("declined", "closed_no_service", "withdrawn"):
                referral.status_reason = "Outside eligibility criteria"
            events.append(
                ReferralEvent(
                    referral=referral, action=ACTIONS[status], from_status=previous,
                    to_status=status, actor=actor, at=at,
                )
            )  # fmt: skip
            case_events.append(
                CaseEvent(
                    household=household,
                    kind=EventKind.REFERRAL,
                    action=ACTIONS[status],
                    actor=actor,
                    at=at,
                    payload={"reference": referral.reference, "status": status},
                )
            )
            previous = status
            at += timedelta(days=rng.randint(1, service.response_days + 3))
        referrals.append(referral)
    Referral.objects.bulk_create(referrals, batch_size=500)
    ReferralEvent.objects.bulk_create(events, batch_size=1000)
    CaseEvent.objects.bulk_create(case_events, batch_size=1000)
    # Numbers run across years in the demo: each year's counter starts after the highest.
    for year in {referral.sent_at.year for referral in referrals}:
        continue_numbers_after("REF", year, len(chosen))
    return {"services": len(services), "referrals": len(referrals)}
