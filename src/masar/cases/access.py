"""Who may see which household. Every page, API endpoint and export fetches cases through here.

- case workers and supervisors: their organisation's cases in their governorates;
- government officers: only cases sent to them — a clearance request in their governorates, or a
  departed household awaiting arrival registration at a destination in their governorates — and
  only when the household consented to sharing with the authorities;
- administrators: every case; everyone else: none.
Out-of-scope cases are indistinguishable from absent ones (404).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from masar.accounts.actions import log_access
from masar.accounts.choices import Role
from masar.accounts.scope import Scope, get_scope

from .choices import CaseState
from .models import Household

CASE_ROLES = (Role.CASE_WORKER, Role.CASE_SUPERVISOR)


def _governorate_q(scope: Scope, field: str) -> Q:
    if scope.governorates is None:
        return Q()
    return Q(**{f"{field}__pcode__in": scope.governorates})


def households_visible_to(user) -> QuerySet[Household]:
    scope = get_scope(user)
    households = Household.objects.filter(merged_into__isnull=True)
    if not scope.authenticated:
        return households.none()
    if scope.superuser or scope.has_role(Role.ADMIN):
        return households
    visible = Q(pk__in=[])
    case_orgs = scope.orgs_with_role(*CASE_ROLES)
    if case_orgs:
        visible |= Q(organisation_id__in=case_orgs) & _governorate_q(scope, "governorate")
    if scope.has_role(Role.GOVERNMENT_OFFICER):
        sent = Q(state=CaseState.CLEARANCE_REQUESTED) & _governorate_q(scope, "governorate")
        sent |= Q(state=CaseState.DEPARTED) & _governorate_q(scope, "destination__governorate")
        visible |= sent & Q(consent_authorities=True)
    return households.filter(visible)


def households_for_aggregates(user) -> QuerySet[Household]:
    """Households counted in dashboards: case roles see their own scope; government officers and
    IM officers see counts (never records) for their governorates."""
    scope = get_scope(user)
    if scope.has_role(Role.GOVERNMENT_OFFICER, Role.IM_OFFICER) and not scope.has_role(*CASE_ROLES):
        households = Household.objects.filter(merged_into__isnull=True)
        return households.filter(_governorate_q(scope, "governorate"))
    return households_visible_to(user)


def is_case_worker(user) -> bool:
    return get_scope(user).has_role(*CASE_ROLES, Role.ADMIN)


def can_override(user) -> bool:
    """Supervisors approve exceptions such as a departure to a high-severity destination."""
    return get_scope(user).has_role(Role.CASE_SUPERVISOR, Role.ADMIN)


def sees_sensitive(user) -> bool:
    return get_scope(user).sees_sensitive


def government_view(user) -> bool:
    """Government officers see a reduced case: only what clearance and arrival need."""
    scope = get_scope(user)
    return scope.has_role(Role.GOVERNMENT_OFFICER) and not scope.has_role(*CASE_ROLES, Role.ADMIN)


def get_household_for_user(user, uid, *, via: str = "page", log: bool = True) -> Household:
    """Return the household if the user may see it, logging the read; otherwise 404."""
    try:
        household = (
            households_visible_to(user)
            .select_related(
                "organisation",
                "governorate",
                "current_site",
                "current_location",
                "origin_area",
                "destination__area",
                "destination__governorate",
            )
            .get(uid=uid)
        )
    except (Household.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if log:
        log_access(user, "household", household.uid, via=via)
    return household
