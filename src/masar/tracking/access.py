"""Who may do what with tracking data (aggregate, location-level figures: no personal data).

Tracking managers (IM officers, administrators) import, validate and publish rounds, and see
every round whatever its status. Everyone else sees released rounds only (`released_rounds`:
published, and past any embargo): a round's figures reach no page, series, comparison or API
answer of theirs before it is validated, published and out of embargo, nor once withdrawn.
Location-level detail is scoped to the user's governorates; the public sees nothing here (the
products app publishes aggregates).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from masar.accounts.choices import ASSESSORS, TRACKING_MANAGERS
from masar.accounts.grants import get_grants

from .choices import EmergencyPublication, RoundStatus
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


def released_rounds() -> QuerySet[Round]:
    """The rounds that feed everything outside the IM unit — series, public pages, releases:
    published, and on or after the embargo date if one was set. The clock is read here, so an
    embargo lifts by itself."""
    today = timezone.localdate()
    return Round.objects.filter(
        Q(embargo_until__isnull=True) | Q(embargo_until__lte=today),
        status=RoundStatus.PUBLISHED,
    )


def released_events() -> QuerySet[EmergencyEvent]:
    """The emergencies whose figures reach the public: published by a tracking manager and not
    withdrawn (see `workflow.EMERGENCY_PUBLICATION`), whether still active or closed."""
    return EmergencyEvent.objects.filter(publication=EmergencyPublication.PUBLISHED)


def is_released(round_: Round) -> bool:
    """Whether the round reaches people outside the IM unit now (see `released_rounds`)."""
    return released_rounds().filter(pk=round_.pk).exists()


def rounds_visible_to(user) -> QuerySet[Round]:
    if can_manage(user):
        return Round.objects.all()
    return released_rounds()


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
