"""Moving a case through its workflow, and the records that feed the workflow's guards:
supervisors' overrides, destination assessments, go-and-see visits."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from masar.accounts.choices import CASE_ACTORS, SUPERVISORS, TRACKING_MANAGERS
from masar.accounts.grants import get_grants
from masar.core.workflow import Option
from masar.geo.models import Location

from .. import events
from ..access import require_household
from ..choices import BEFORE_DEPARTURE
from ..models import DestinationAssessment, Household, Visit
from ..severity import destination_concerns
from ..workflow import WORKFLOW


def available_actions(user, household: Household, today: date | None = None) -> list[Option]:
    """The transitions open to the user from the case's state, each with what is still missing."""
    return WORKFLOW.options(user, household, today)


def transition(
    user,
    household: Household,
    action: str,
    data: dict[str, Any] | None = None,
    *,
    expected_version: Any = None,
    today: date | None = None,
    now: datetime | None = None,
) -> Household:
    """Take a workflow action on a case (see `masar.cases.workflow` for the table)."""
    return WORKFLOW.run(
        user, household, action, data, expected_version=expected_version, today=today, now=now
    )


@transaction.atomic
def override_destination(
    user, household: Household, reason: str, *, at: datetime | None = None
) -> None:
    """A supervisor approves a departure to a severe destination, in writing, on the timeline."""
    require_household(user, household, SUPERVISORS)
    if not reason.strip():
        raise ValidationError(_("An override needs a written reason."))
    if household.destination_id is None:
        raise ValidationError(_("The case has no destination to approve."))
    events.overridden(household, user, reason.strip(), destination_concerns(household), at)


@transaction.atomic
def record_destination_assessment(user, location: Location, data: dict) -> DestinationAssessment:
    """Record host-community sensitization and key-informant findings for a destination."""
    if not get_grants(user).permits(
        *(CASE_ACTORS | TRACKING_MANAGERS), pcode=location.governorate.pcode
    ):
        raise PermissionDenied(_("You cannot record destination assessments here."))
    return DestinationAssessment.objects.create(
        location=location,
        assessed_on=data.get("assessed_on") or timezone.localdate(),
        sensitization_on=data.get("sensitization_on"),
        conditions=data.get("conditions", ""),
        risks=data.get("risks", ""),
        explosive_hazards=bool(data.get("explosive_hazards")),
        social_tension=data.get("social_tension") or "none",
        recorded_by=user,
    )


@transaction.atomic
def record_visit(user, household: Household, data: dict, *, at: datetime | None = None) -> Visit:
    """Go-and-see and come-and-tell visits are possible any time before departure."""
    require_household(user, household)
    if household.state not in BEFORE_DEPARTURE:
        raise ValidationError(_("Visits are recorded before departure only."))
    visit = Visit.objects.create(
        household=household,
        kind=data["kind"],
        visited_on=data.get("visited_on") or timezone.localdate(),
        participants=data.get("participants", ""),
        outcome=data.get("outcome", ""),
        recorded_by=user,
    )
    events.record_added(household, user, "visit", {"visit_id": visit.pk, "kind": visit.kind}, at)
    return visit
