"""Who may do what with the indices: reading is scoped by governorate; entering assessments
needs an assessor grant covering the location, computing a tracking-manager grant."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from masar.accounts.choices import ASSESSORS, TRACKING_MANAGERS
from masar.accounts.grants import get_grants
from masar.geo.models import Location
from masar.tracking.models import Round

ASSESSABLE_ROUNDS = 12


def require_assessor(user) -> None:
    if not get_grants(user).holds(*ASSESSORS):
        raise PermissionDenied


def can_compute(user) -> bool:
    return get_grants(user).holds(*TRACKING_MANAGERS)


def assessable_locations(user) -> QuerySet[Location]:
    """The locations an assessor may enter answers for: those in the governorates of one of
    the user's assessor grants."""
    require_assessor(user)
    reach = get_grants(user).q(*ASSESSORS, governorate="governorate__pcode")
    return Location.objects.filter(reach).select_related("area", "governorate")


def assessable_location(user, external_id: str) -> Location | None:
    """The location an assessor may enter answers for, or None (out of scope looks absent)."""
    return assessable_locations(user).filter(external_id=external_id.strip()).first()


def assessable_rounds(user) -> list[Round]:
    """The rounds an assessor may enter answers for: the latest ones, whatever their status,
    since key-informant answers are collected while a round is still a draft."""
    require_assessor(user)
    return list(Round.objects.order_by("-end_date")[:ASSESSABLE_ROUNDS])
