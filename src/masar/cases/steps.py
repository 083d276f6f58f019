"""What each case transition does besides changing the state: the records it creates. Input
arrives already validated by the transition's form; a step only writes."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from masar.core.workflow import Context

from .choices import ClearanceDecision, ClosureOutcome, FollowUpKind, FollowUpStatus, Pathway
from .models import Arrival, Assessment, Clearance, Departure, FollowUp, Integration


def follow_up_windows(pathway: str = Pathway.RETURN) -> dict[str, tuple[int, int]]:
    """Days after arrival (or after a local integration starts) within which each follow-up is
    due: (earliest, latest). A local integration's monitoring is the same survey, against the
    same IASC criteria, as post-return monitoring; only its windows are its own."""
    if pathway == Pathway.LOCAL_INTEGRATION:
        return {
            FollowUpKind.CHECK_IN: tuple(settings.MASAR["INTEGRATION_CHECK_IN_WINDOW_DAYS"]),
            FollowUpKind.PRM: tuple(settings.MASAR["INTEGRATION_MONITORING_WINDOW_DAYS"]),
        }
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
    """The check-in call and the monitoring survey, in the windows of the household's pathway
    counted from `arrived_on` (its arrival, or the start of its local integration)."""
    for kind, (earliest, latest) in follow_up_windows(household.pathway).items():
        FollowUp.objects.create(
            household=household,
            kind=kind,
            due_from=arrived_on + timedelta(days=earliest),
            due_until=arrived_on + timedelta(days=latest),
        )


def plan_integration(ctx: Context) -> None:
    """The household confirmed it means to stay where it lives now, and the support it gets
    there was agreed: the local integration's counterpart of a scheduled departure."""
    household = ctx.obj
    location = ctx.data.get("location") or household.current_location
    if location is None:
        raise ValidationError(_("Give the location the household integrates in."), code="invalid")
    integration = Integration.objects.create(
        household=household,
        location=location,
        intention_confirmed_on=ctx.data["intention_confirmed_on"],
        support_plan=ctx.data["support_plan"],
        documentation_support=bool(ctx.data.get("documentation_support")),
        hlp_support=bool(ctx.data.get("hlp_support")),
        recorded_by=ctx.user,
    )
    ctx.payload = {"integration_id": integration.pk, "location_id": location.pk}


def start_integration(ctx: Context) -> None:
    """The day the plan's support began: the follow-ups are counted from it."""
    household = ctx.obj
    integration = household.integrations.filter(cancelled=False).order_by("-id").first()
    if integration is None:
        raise ValidationError(_("No integration plan was agreed."), code="invalid")
    started_on = ctx.data.get("started_on") or ctx.today
    if started_on < integration.intention_confirmed_on:
        raise ValidationError(
            _("The integration cannot start before the household confirmed its intention."),
            code="invalid",
        )
    integration.started_on = started_on
    integration.save(update_fields=["started_on"])
    schedule_follow_ups(household, started_on)
    ctx.payload = {"integration_id": integration.pk, "started_on": started_on.isoformat()}


def change_pathway(ctx: Context) -> None:
    """A new pathway voids what was prepared for the old one — the pending clearance, a
    departure not yet taken, an integration not yet started — and the case goes back to
    assessed, to be cleared again for the new plan. The timeline keeps both pathways."""
    household = ctx.obj
    previous, destination = household.pathway, household.destination_id
    household.clearances.filter(decision=ClearanceDecision.PENDING).delete()
    household.departures.filter(departed_on=None).update(cancelled=True)
    household.integrations.filter(started_on=None).update(cancelled=True)
    ctx.set(pathway=ctx.data["pathway"])
    if ctx.data.get("destination") is not None:
        ctx.set(destination=ctx.data["destination"])
    ctx.note = ctx.data["reason"]
    ctx.payload = {"from_pathway": previous, "to_pathway": household.pathway}
    if household.destination_id != destination:
        ctx.payload.update(
            from_destination_id=destination, to_destination_id=household.destination_id
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
    ctx.obj.integrations.filter(started_on=None).update(cancelled=True)
    ctx.note = ctx.data["reason"]
    ctx.set(withdrawal_reason=ctx.data["reason"], closure_outcome=ClosureOutcome.WITHDRAWN)
