"""What each case transition does besides changing the state: the records it creates. Input
arrives already validated by the transition's form; a step only writes."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from masar.core.workflow import Context

from .choices import ClearanceDecision, ClosureOutcome, FollowUpKind, FollowUpStatus
from .models import Arrival, Assessment, Clearance, Departure, FollowUp


def follow_up_windows() -> dict[str, tuple[int, int]]:
    """Days after arrival within which each follow-up is due: (earliest, latest)."""
    return {
        FollowUpKind.CHECK_IN: tuple(settings.MASAR["CHECK_IN_WINDOW_DAYS"]),
        FollowUpKind.PRM: tuple(settings.MASAR["PRM_WINDOW_DAYS"]),
    }


def assess(ctx: Context) -> None:
    needs = ctx.data["needs"]
    assessment = Assessment.objects.create(
        household=ctx.obj,
        assessed_on=ctx.data["assessed_on"] or ctx.today,
        assessed_by=ctx.user,
        needs=needs,
    )
    ctx.payload = {"assessment_id": assessment.pk, "sectors": sorted(needs)}


def request_clearance(ctx: Context) -> None:
    clearance = Clearance.objects.create(
        household=ctx.obj,
        requested_on=ctx.data.get("requested_on") or ctx.today,
        requested_by=ctx.user,
    )
    ctx.payload = {"clearance_id": clearance.pk}


def _decide(ctx: Context, decision: str) -> None:
    household = ctx.obj
    clearance = household.clearances.filter(decision=ClearanceDecision.PENDING).first()
    if clearance is None:
        clearance = Clearance(household=household, requested_on=ctx.today, requested_by=ctx.user)
    clearance.decision = decision
    clearance.reference = ctx.data.get("reference", "")
    clearance.decided_on = ctx.data.get("decided_on") or ctx.today
    clearance.decided_by = ctx.user
    clearance.save()
    ctx.payload = {"clearance_id": clearance.pk, "decision": decision}


def grant_clearance(ctx: Context) -> None:
    _decide(ctx, ClearanceDecision.GRANTED)


def deny_clearance(ctx: Context) -> None:
    _decide(ctx, ClearanceDecision.DENIED)


def change_destination(ctx: Context) -> None:
    """A new destination voids the clearance and any scheduled departure: the case goes back
    to assessed, to be cleared again for the new place."""
    household = ctx.obj
    previous = household.destination_id
    household.clearances.filter(decision=ClearanceDecision.PENDING).delete()
    household.departures.filter(departed_on=None).update(cancelled=True)
    ctx.set(destination=ctx.data["destination"])
    ctx.note = ctx.data["reason"]
    ctx.payload = {"from_destination_id": previous, "to_destination_id": household.destination_id}


def schedule_departure(ctx: Context) -> None:
    data = ctx.data
    planned_on = data.get("planned_on") or ctx.today
    if planned_on < ctx.today:
        raise ValidationError(_("The planned departure date is in the past."), code="invalid")
    departure = Departure.objects.create(
        household=ctx.obj,
        planned_on=planned_on,
        transport=data.get("transport", ""),
        nfi_kit=bool(data.get("nfi_kit")),
        asset_removal=bool(data.get("asset_removal")),
        authorities_notified_on=data.get("authorities_notified_on"),
        departure_list=data.get("departure_list"),
    )
    ctx.payload = {"departure_id": departure.pk, "planned_on": planned_on.isoformat()}


def depart(ctx: Context) -> None:
    departed_on = ctx.data.get("departed_on") or ctx.today
    departure = ctx.obj.departures.filter(cancelled=False).order_by("-id").first()
    if departure is None:
        raise ValidationError(_("No departure is scheduled."), code="invalid")
    departure.departed_on = departed_on
    departure.save(update_fields=["departed_on"])
    ctx.payload = {"departure_id": departure.pk, "departed_on": departed_on.isoformat()}


def arrive(ctx: Context) -> None:
    household = ctx.obj
    arrived_on = ctx.data.get("arrived_on") or ctx.today
    departure = household.departures.exclude(departed_on=None).order_by("-id").first()
    if departure is not None and arrived_on < departure.departed_on:
        raise ValidationError(_("The arrival date is before the departure date."), code="invalid")
    location = ctx.data.get("location") or household.destination
    if location is None:
        raise ValidationError(_("Give the location the household arrived at."), code="invalid")
    arrival = Arrival.objects.create(
        household=household,
        arrived_on=arrived_on,
        location=location,
        authority_reference=ctx.data.get("authority_reference", ""),
        recorded_by=ctx.user,
    )
    schedule_follow_ups(household, arrived_on)
    ctx.payload = {"arrival_id": arrival.pk, "arrived_on": arrived_on.isoformat()}


def schedule_follow_ups(household, arrived_on: date) -> None:
    for kind, (earliest, latest) in follow_up_windows().items():
        FollowUp.objects.create(
            household=household,
            kind=kind,
            due_from=arrived_on + timedelta(days=earliest),
            due_until=arrived_on + timedelta(days=latest),
        )


def close(ctx: Context) -> None:
    outcome = ctx.data["outcome"]
    ctx.obj.follow_ups.filter(status=FollowUpStatus.SCHEDULED).update(
        status=FollowUpStatus.CANCELLED
    )
    ctx.set(closure_outcome=outcome)
    ctx.note = ctx.data.get("reason", "")
    ctx.payload = {"outcome": outcome}


def withdraw(ctx: Context) -> None:
    ctx.obj.departures.filter(departed_on=None).update(cancelled=True)
    ctx.note = ctx.data["reason"]
    ctx.set(withdrawal_reason=ctx.data["reason"], closure_outcome=ClosureOutcome.WITHDRAWN)
