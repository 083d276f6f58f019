"""Who reviews which candidate pair: only pairs whose two households are both within the
reviewer's scope (organisation and governorates); supervisors and administrators decide.

A help-desk lookup shows in-scope matches with their details and only the number of those
outside the user's scope (the IM unit reviews them from the batch queue)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from masar.accounts.choices import Role
from masar.accounts.scope import get_scope
from masar.cases.access import households_visible_to

from .models import CandidatePair


def pairs_visible_to(user) -> QuerySet[CandidatePair]:
    households = households_visible_to(user)
    return CandidatePair.objects.filter(
        household_l__in=households, household_r__in=households
    ).select_related("household_l", "household_r", "member_l", "member_r")


def get_pair_for_user(user, pk) -> CandidatePair:
    try:
        return pairs_visible_to(user).get(pk=pk)
    except (CandidatePair.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def can_review(user) -> bool:
    return get_scope(user).has_role(Role.CASE_SUPERVISOR, Role.ADMIN)
