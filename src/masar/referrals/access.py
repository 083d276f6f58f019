"""Who sees which referral and service.

- a partner focal point: the referrals sent to their organisation, and nothing of the case;
- case workers and supervisors: the referrals of the households they can see;
- administrators: all. Everyone else: none. Out of scope answers 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from masar.accounts.choices import Role
from masar.accounts.scope import get_scope
from masar.cases.access import households_visible_to

from .models import Referral, Service


def referrals_visible_to(user) -> QuerySet[Referral]:
    scope = get_scope(user)
    referrals = Referral.objects.all()
    if not scope.authenticated:
        return referrals.none()
    if scope.superuser or scope.has_role(Role.ADMIN):
        return referrals
    visible = Q(pk__in=[])
    receiving = scope.orgs_with_role(Role.PARTNER_FOCAL_POINT)
    if receiving:
        visible |= Q(to_organisation_id__in=receiving)
    if scope.has_role(Role.CASE_WORKER, Role.CASE_SUPERVISOR):
        visible |= Q(household__in=households_visible_to(user))
    return referrals.filter(visible)


def get_referral_for_user(user, uid) -> Referral:
    try:
        return (
            referrals_visible_to(user)
            .select_related(
                "service", "from_organisation", "to_organisation", "shared_location", "governorate"
            )
            .get(uid=uid)
        )
    except (Referral.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def is_receiver(user, referral: Referral) -> bool:
    scope = get_scope(user)
    return scope.superuser or referral.to_organisation_id in scope.orgs_with_role(
        Role.PARTNER_FOCAL_POINT
    )


def is_sender(user, referral: Referral) -> bool:
    scope = get_scope(user)
    if not scope.has_role(Role.CASE_WORKER, Role.CASE_SUPERVISOR, Role.ADMIN):
        return False
    return households_visible_to(user).filter(pk=referral.household_id).exists()


def services_visible_to(user) -> QuerySet[Service]:
    """The catalogue is open to every signed-in user: it holds no personal data."""
    if not get_scope(user).authenticated:
        return Service.objects.none()
    return Service.objects.select_related("organisation").prefetch_related("governorates")


def can_manage_service(user, organisation_id: int) -> bool:
    scope = get_scope(user)
    return scope.has_role(Role.ADMIN) or organisation_id in scope.orgs_with_role(
        Role.PARTNER_FOCAL_POINT
    )
