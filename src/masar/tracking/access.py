"""Who may do what with tracking data (aggregate, location-level figures: no personal data).

Tracking managers (IM officers, administrators) import, validate and publish rounds, and see
every round whatever its status. Everyone else sees published rounds only: a round's figures
reach no page, series, comparison or API answer of theirs before it is validated and published.
Location-level detail is scoped to the user's governorates; the public sees nothing here (the
products app publishes aggregates).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from masar.accounts.choices import ASSESSORS, TRACKING_MANAGERS
from masar.accounts.grants import get_grants

from .choices import RoundStatus
from .models import EmergencyEvent, Round


def can_manage(user) -> bool:
    return get_grants(user).holds(*TRACKING_MANAGERS)


def may_record_at(user, location) -> bool:
    """Whether the user may record figures collected at a location (a key informant's master-list
    or emergency update): an assessor whose grant covers the location's governorate."""
    return get_grants(user).permits(*ASSESSORS, pcode=location.governorate.pcode)


def permits(user, round_: Round, roles: Iterable[str]) -> bool:
    """Whether a country-wide grant of `roles` covers the round (rounds are national); the
    workflow engine asks this."""
    return get_grants(user).permits(*roles)


def rounds_visible_to(user) -> QuerySet[Round]:
    rounds = Round.objects.all()
    if can_manage(user):
        return rounds
    return rounds.filter(status=RoundStatus.PUBLISHED)


def get_round(user, uid) -> Round:
    if not get_grants(user).authenticated:
        raise Http404
    try:
        return rounds_visible_to(user).get(uid=uid)
    except (Round.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def get_event(user, uid) -> EmergencyEvent:
    if not get_grants(user).authenticated:
        raise Http404
    try:
        return EmergencyEvent.objects.get(uid=uid)
    except (EmergencyEvent.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
