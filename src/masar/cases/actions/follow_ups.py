"""Check-in calls and monitoring after arrival (or a local integration's start), and the arrival
date they hang on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import events
from ..access import require_household
from ..choices import SETTLED, FollowUpKind, FollowUpStatus
from ..durability import assess_criteria, iris_composite, overall_category
from ..models import Arrival, DurabilityAssessment, FollowUp, FollowUpAttempt, Household
from ..steps import follow_up_windows
from ..workflow import WORKFLOW


@transaction.atomic
def correct_arrival_date(user, household: Household, arrived_on: date) -> Arrival:
    """Fix the arrival date; follow-ups not yet done move with it."""
    require_household(user, household)
    arrival = household.arrivals.order_by("-id").first()
    if arrival is None:
        raise ValidationError(_("The household has no recorded arrival."))
    previous = arrival.arrived_on
    arrival.arrived_on = arrived_on
    arrival.save(update_fields=["arrived_on"])
    windows = follow_up_windows(household.pathway)
    for follow_up in household.follow_ups.filter(status=FollowUpStatus.SCHEDULED):
        earliest, latest = windows[follow_up.kind]
        follow_up.due_from = arrived_on + timedelta(days=earliest)
        follow_up.due_until = arrived_on + timedelta(days=latest)
        follow_up.save(update_fields=["due_from", "due_until"])
    events.record_added(
        household,
        user,
        "arrival_corrected",
        {"from": previous.isoformat(), "to": arrived_on.isoformat()},
    )
    return arrival


@transaction.atomic
def record_follow_up_attempt(
    user, follow_up: FollowUp, *, attempted_on: date, reached: bool, notes: str = ""
) -> FollowUpAttempt:
    require_household(user, follow_up.household)
    attempt = FollowUpAttempt.objects.create(
        follow_up=follow_up,
        attempted_on=attempted_on,
        reached=reached,
        notes=notes[:300],
        recorded_by=user,
    )
    events.follow_up_event(
        follow_up.household,
        user,
        "attempt",
        {"follow_up_id": follow_up.pk, "kind": follow_up.kind, "reached": reached},
    )
    return attempt


@dataclass
class FollowUpResult:
    follow_up: FollowUp
    durability: DurabilityAssessment | None
    referral_prompt: bool


@transaction.atomic
def complete_follow_up(
    user,
    follow_up: FollowUp,
    *,
    completed_on: date,
    answers: dict,
    outcome: str = "",
    protection_risk: bool = False,
    secondary_displacement: bool = False,
    referral_need: str = "",
    early_reason: str = "",
    at: datetime | None = None,
) -> FollowUpResult:
    """Record a check-in call or PRM: a PRM yields a durability assessment, a risk a referral.

    A follow-up done before its window opens (a PRM a month after arrival says little about
    durability) needs a written reason, kept on the timeline.
    """
    household = follow_up.household
    require_household(user, household)
    if follow_up.status != FollowUpStatus.SCHEDULED:
        raise ValidationError(_("This follow-up is already closed."))
    early = completed_on < follow_up.due_from
    if early and not early_reason.strip():
        raise ValidationError(
            _("This follow-up is due from %(date)s: give the reason for doing it earlier.")
            % {"date": follow_up.due_from.isoformat()}
        )
    follow_up.status = FollowUpStatus.DONE
    follow_up.completed_on = completed_on
    follow_up.answers = answers
    follow_up.outcome = outcome
    follow_up.protection_risk = protection_risk
    follow_up.secondary_displacement = secondary_displacement
    follow_up.referral_need = referral_need[:200]
    follow_up.save()
    durability = None
    if follow_up.kind == FollowUpKind.PRM:
        criteria = assess_criteria(answers)
        composite, detail = iris_composite(answers)
        durability = DurabilityAssessment.objects.create(
            household=household,
            follow_up=follow_up,
            criteria=criteria,
            category=overall_category(criteria),
            composite=composite,
            composite_detail=detail,
            assessed_on=completed_on,
        )
    events.follow_up_event(
        household,
        user,
        "completed",
        {
            "follow_up_id": follow_up.pk,
            "kind": follow_up.kind,
            "protection_risk": protection_risk,
            "secondary_displacement": secondary_displacement,
            "durability": durability.category if durability else None,
            **({"early_reason": early_reason.strip()} if early else {}),
        },
        at,
    )
    if household.state in SETTLED:
        WORKFLOW.run(user, household, "start_monitoring", today=completed_on, now=at)
    return FollowUpResult(
        follow_up, durability, bool(protection_risk or secondary_displacement or referral_need)
    )
