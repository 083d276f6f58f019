"""Who reviews which candidate pair: only pairs whose two households both lie within the
reach of the reviewer's case grants; deciding, merging and undoing a merge needs a supervisor
(or administrator) grant reaching both households.

A help-desk lookup shows in-scope matches with their details and only the number of those
outside the user's scope (the IM unit reviews them from the batch queue)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from masar.accounts.choices import CASE_ACTORS, SUPERVISORS
from masar.accounts.grants import get_grants
from masar.cases.access import households_reached, log_households_shown, permits
from masar.cases.models import Household

from .models import CandidatePair


def pairs_visible_to(user) -> QuerySet[CandidatePair]:
    households = households_reached(user, CASE_ACTORS)
    return CandidatePair.objects.filter(
        household_l__in=households, household_r__in=households
    ).select_related("household_l", "household_r", "member_l", "member_r")


def get_pair_for_user(user, pk, *, log: bool = True) -> CandidatePair:
    """The pair if both its households are in the user's reach (the read of both households
    is logged: the pair page shows them side by side), else 404."""
    try:
        pair = pairs_visible_to(user).get(pk=pk)
    except (CandidatePair.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if log:
        log_pairs_shown(user, [pair])
    return pair


def log_pairs_shown(user, pairs: Iterable[CandidatePair], *, via: str = "page") -> None:
    """Log a read of both households of every pair a queue or pair page showed the user."""
    log_households_shown(user, [h for p in pairs for h in (p.household_l, p.household_r)], via=via)


def can_review(user, *households: Household) -> bool:
    """Whether the user may decide on these households (without any: on some households)."""
    if not households:
        return get_grants(user).holds(*SUPERVISORS)
    return all(permits(user, household, SUPERVISORS) for household in households)


def can_sweep(user) -> bool:
    """Whether the user may start a sweep of the whole registry: a supervisor (or
    administrator) grant anywhere. The sweep only queues pairs; each is reviewed by whoever
    reaches both its households, so starting one shows nobody anything."""
    return get_grants(user).holds(*SUPERVISORS)


def require_review(user, *households: Household) -> None:
    if not households or not can_review(user, *households):
        raise PermissionDenied(_("Only a supervisor of both households can decide on them."))
