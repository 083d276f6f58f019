"""Who may fill which questionnaire: the one table, built on the role sets of masar.accounts.

The form list a device sees, the lists attached to a form and the submissions accepted all ask
here; nothing else decides which roles collect what.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from masar.accounts.choices import ASSESSORS, CASE_ACTORS
from masar.accounts.grants import get_grants

from . import questionnaires as q
from .models import CollectionCredential

# Location-level forms are collected by assessors (enumerators, IM officers); the case forms by
# those who act on cases in their organisation.
FORM_ROLES: dict[str, frozenset[str]] = {
    q.KEY_INFORMANT: ASSESSORS,
    q.MASTERLIST_UPDATE: ASSESSORS,
    q.EMERGENCY_UPDATE: ASSESSORS,
    q.REGISTRATION: CASE_ACTORS,
    q.CHECK_IN: CASE_ACTORS,
    q.POST_RETURN_MONITORING: CASE_ACTORS,
}


def may_fill(user, name: str) -> bool:
    """Whether one of the user's grants carries a role that fills questionnaire `name`."""
    return get_grants(user).holds(*FORM_ROLES[name])


def reach(user, name: str, governorate: str = "governorate__pcode") -> Q:
    """The rows (locations, sites) in the governorates of the user's grants for this form:
    the lists on a device hold only the places its user works in."""
    return get_grants(user).q(*FORM_ROLES[name], governorate=governorate)


# Every role that fills some questionnaire: who gets device credentials and the menu entry.
COLLECTORS: frozenset[str] = frozenset().union(*FORM_ROLES.values())


def is_collector(user) -> bool:
    return get_grants(user).holds(*COLLECTORS)


def own_credential(user, uid) -> CollectionCredential:
    """One of the user's own device credentials: nobody manages another's devices here."""
    if not is_collector(user):
        raise Http404
    try:
        return CollectionCredential.objects.get(uid=uid, user=user)
    except (CollectionCredential.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
