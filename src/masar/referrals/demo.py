"""Demo services of eight partner organisations, and referrals from demo cases in every status.

The referrals are sent in bulk (with their "send" events), then walked to their final status
through the lifecycle's own `run()`, as the receiving organisation's focal point or the case
worker, at dates in the demo's past: the demo cannot reach a status the table does not allow.
"""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from masar.accounts.actions import create_user, get_or_create_organisation
from masar.accounts.choices import Role
from masar.cases.choices import EventKind, Relationship
from masar.cases.models import CaseEvent, Household, Member
from masar.core.demo import DemoContext, step
from masar.core.numbering import continue_numbers_after
from masar.geo.models import AdminArea

from . import events
from .models import Referral, ReferralEvent, Service
from .workflow import REFERRAL_WORKFLOW

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
    "accepted": "accept", "declined": "decline", "in_progress": "start", "completed": "complete",
    "closed_no_service": "close_without_service", "withdrawn": "withdraw",
}  # fmt: skip
# The organisation whose focal point is the demo user `partner_focal_point`.
DEMO_PARTNER = "Livelihoods Partner"


def _focal_point(organisation_name: str):
    """The organisation's partner focal point: the demo user, or one made for the demo."""
    if organisation_name == DEMO_PARTNER:
        return get_user_model().objects.get(username="partner_focal_point")
    return create_user(
        username=f"fp_{slugify(organisation_name).replace('-', '_')}",
        role=Role.PARTNER_FOCAL_POINT,
        organisation=organisation_name,
        password=settings.MASAR["DEMO_PASSWORD"],
    )


def _input(status: str, day) -> dict:
    if status == "completed":
        return {"outcome": "Service delivered as planned", "service_date": day}
    if status in ("declined", "closed_no_service", "withdrawn"):
        return {"reason": "Outside eligibility criteria"}
    return {}


@step("referrals.services", order=50, label="Partner services and referrals")
def generate_referrals(context: DemoContext) -> dict:
    rng = context.rng("referrals")
    worker = get_user_model().objects.get(username="case_worker")
    governorates = {a.pcode: a for a in AdminArea.objects.filter(level=1)}
    focal_points = {}
    services = []
    for org_name, name, sector, covers, days in SERVICES:
        organisation = get_or_create_organisation(org_name)
        if org_name not in focal_points:
            focal_points[org_name] = _focal_point(org_name)
        service = Service.objects.create(
            organisation=organisation,
            name=name,
            sector=sector,
            eligibility="Returnee and vulnerable host-community households",
            focal_point=focal_points[org_name],
            focal_point_contact=f"{sector}@example.org",
            response_days=days,
        )
        service.governorates.set([governorates[p] for p in covers or RETURN_GOVERNORATES])
        services.append((service, set(covers or RETURN_GOVERNORATES)))
    households = list(
        Household.objects.filter(
            state__in=["arrived", "monitoring", "closed"], consent_referral=True
        ).select_related(
            "destination__governorate", "destination__area", "current_location__governorate"
        )
    )
    heads = {
        m.household_id: m
        for m in Member.objects.filter(household__in=households, relationship=Relationship.HEAD)
    }
    chosen = rng.sample(households, min(len(households), context.scaled(500, minimum=30)))
    referrals, finals = [], []
    statuses = list(STATUS_MIX)
    for number, household in enumerate(chosen, start=1):
        # Services where the household lives now: its destination, or where it integrates.
        place = household.destination or household.current_location
        pcode = place.governorate.pcode
        options = [s for s, covers in services if pcode in covers]
        if not options:
            continue
        service = rng.choice(options)
        final = rng.choices(statuses, weights=[STATUS_MIX[s] for s in statuses])[0]
        sent_day = context.today - timedelta(days=rng.randint(3, 200))
        head = heads.get(household.pk)
        referrals.append(
            Referral(
                uid=uuid.UUID(int=rng.getrandbits(128)),
                reference=f"REF-{sent_day.year}-{number:06d}",
                household=household,
                service=service,
                from_organisation_id=household.organisation_id,
                to_organisation=service.organisation,
                governorate=place.governorate,
                sent_by=worker,
                sent_at=timezone.make_aware(datetime.combine(sent_day, time(10))),
                reason="Needs identified at the check-in call",
                urgency=rng.choices(["normal", "urgent", "emergency"], [80, 17, 3])[0],
                shared_name=head.full_name if head else "",
                shared_phone=head.phone if head else "",
                shared_location=place,
                need=service.get_sector_display(),
            )
        )
        finals.append(final)
    Referral.objects.bulk_create(referrals, batch_size=500)
    first_copy = CaseEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    first_event = ReferralEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    last_moment = timezone.make_aware(datetime.combine(context.today, time(16)))
    for referral, final in zip(referrals, finals, strict=True):
        events.sent(referral, worker)
        receiver = focal_points[referral.service.organisation.name]
        days = referral.service.response_days
        at = referral.sent_at
        for status in PATHS[final][1:]:
            at = min(at + timedelta(days=rng.randint(1, days + 3)), last_moment)
            actor = worker if status == "withdrawn" else receiver
            data = _input(status, timezone.localdate(at))
            referral = REFERRAL_WORKFLOW.run(actor, referral, ACTIONS[status], data, now=at)
    _date_case_copies(first_copy, first_event)
    # Numbers run across years in the demo: each year's counter starts after the highest.
    for year in {referral.sent_at.year for referral in referrals}:
        continue_numbers_after("REF", year, len(chosen))
    return {"services": len(services), "referrals": len(referrals)}


def _date_case_copies(after_copy: int, after_event: int) -> None:
    """Give the case-timeline copies of the referral events the demo dates of the originals
    (the case timeline dates what it is given at the moment of writing)."""
    copies = list(
        CaseEvent.objects.filter(kind=EventKind.REFERRAL, id__gt=after_copy).order_by("id")
    )
    moments = ReferralEvent.objects.filter(id__gt=after_event).order_by("id")
    for copy, at in zip(copies, moments.values_list("at", flat=True), strict=True):
        copy.at = at
    CaseEvent.objects.bulk_update(copies, ["at"], batch_size=1000)
