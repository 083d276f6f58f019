"""Who may do what with tracking data (aggregate, location-level figures: no personal data).

Every signed-in user reads rounds, scoped to their governorates for location-level detail;
IM officers and administrators import, validate and publish; the public sees nothing here (the
products app publishes aggregates).
"""

from __future__ import annotations

from django.http import Http404

from masar.accounts.choices import Role
from masar.accounts.scope import get_scope

from .models import EmergencyEvent, Round


def can_manage(user) -> bool:
    return get_scope(user).has_role(Role.IM_OFFICER, Role.ADMIN)


def get_round(user, uid) -> Round:
    if not get_scope(user).authenticated:
        raise Http404
    try:
        return Round.objects.get(uid=uid)
    except (Round.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def get_event(user, uid) -> EmergencyEvent:
    if not get_scope(user).authenticated:
        raise Http404
    try:
        return EmergencyEvent.objects.get(uid=uid)
    except (EmergencyEvent.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
