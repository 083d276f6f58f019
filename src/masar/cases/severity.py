"""What a case worker must know about a destination before a departure: its severity (the latest
Return Index category) and the hazards reported in destination assessments."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from masar.indices.choices import Category
from masar.indices.severity import latest_return_index

from .choices import EventKind
from .models import DestinationAssessment, Household


def destination_concerns(household: Household) -> list[str]:
    """Why the destination needs a supervisor's decision: severe Return Index, explosive hazards."""
    if household.destination_id is None:
        return []
    return severe_destinations([household.destination_id]).get(household.destination_id, [])


def severe_destinations(location_ids: Iterable[int]) -> dict[int, list[str]]:
    """The concerns of each location that has any, in two queries whatever the number."""
    ids = list(set(location_ids))
    concerns: dict[int, list[str]] = {}
    for location_id, severity in latest_return_index(ids).items():
        if severity.category == "high":
            concerns.setdefault(location_id, []).append(
                _("Return Index severity %(category)s (score %(score)s, %(round)s)")
                % {
                    "category": Category(severity.category).label,
                    "score": f"{severity.score:.0f}",
                    "round": severity.round_label,
                }
            )
    latest: dict[int, DestinationAssessment] = {}
    for assessment in DestinationAssessment.objects.filter(location_id__in=ids).order_by(
        "location_id", "-assessed_on", "-id"
    ):
        latest.setdefault(assessment.location_id, assessment)
    for location_id, assessment in latest.items():
        if assessment.explosive_hazards:
            concerns.setdefault(location_id, []).append(
                _("explosive hazards reported (destination assessment of %(date)s)")
                % {"date": assessment.assessed_on.isoformat()}
            )
    return concerns


def has_override(household: Household) -> bool:
    """Whether a supervisor approved the current destination (an override names its location)."""
    return household.events.filter(
        kind=EventKind.OVERRIDE, payload__destination_id=household.destination_id
    ).exists()
