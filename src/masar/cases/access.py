"""Who may see and act on which household. Every page, API endpoint, export and action fetches
or checks cases through here, and each check is an OR over the user's grants:

- a case worker or supervisor grant: that organisation's cases in that grant's governorates;
- a government officer grant: only cases sent to them — a clearance request in the grant's
  governorates, or a departed household awaiting arrival registration at a destination in the
  grant's governorates — and only when the household consented to sharing with the authorities;
- an administrator grant: every case. Nothing else reaches a case.
Out-of-scope cases are indistinguishable from absent ones (404).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from masar.accounts.actions import log_access, log_accesses
from masar.accounts.choices import (
    AUTHORITIES,
    CASE_ACTORS,
    CASE_ROLES,
    SUPERVISORS,
    TRACKING_MANAGERS,
    Role,
)
from masar.accounts.grants import Grants, get_grants

from .choices import CaseState
from .models import DepartureList, Household

ALL_CASE_ROLES = CASE_ACTORS | AUTHORITIES


def _reach(grants: Grants, roles: Collection[str]) -> Q:
    """The households that the grants carrying `roles` reach."""
    reach = grants.q(*(set(roles) & {Role.ADMIN}), governorate=None)
    reach |= grants.q(
        *(set(roles) & CASE_ROLES), governorate="governorate__pcode", organisation="organisation_id"
    )
    if set(roles) & AUTHORITIES:
        officers = tuple(set(roles) & AUTHORITIES)
        awaiting_clearance = Q(state=CaseState.CLEARANCE_REQUESTED) & grants.q(
            *officers, governorate="governorate__pcode"
        )
        awaiting_arrival = Q(state=CaseState.DEPARTED) & grants.q(
            *officers, governorate="destination__governorate__pcode"
        )
        reach |= (awaiting_clearance | awaiting_arrival) & Q(consent_authorities=True)
    return reach


def households_visible_to(user) -> QuerySet[Household]:
    grants = get_grants(user)
    households = Household.objects.filter(merged_into__isnull=True)
    if not grants.authenticated:
        return households.none()
    return households.filter(_reach(grants, ALL_CASE_ROLES))


def households_reached(user, roles: Collection[str]) -> QuerySet[Household]:
    """The households that the user's grants carrying one of `roles` reach."""
    grants = get_grants(user)
    households = Household.objects.filter(merged_into__isnull=True)
    if not grants.authenticated:
        return households.none()
    return households.filter(_reach(grants, roles))


def permits(user, household: Household, roles: Collection[str]) -> bool:
    """Whether one of the user's grants carrying one of `roles` reaches this household."""
    grants = get_grants(user)
    if not grants.holds(*roles):
        return False
    return Household.objects.filter(_reach(grants, roles), pk=household.pk).exists()


def require_household(user, household: Household, roles: Collection[str] = CASE_ACTORS) -> None:
    """Refuse unless a grant with one of `roles` reaches the household (the write check)."""
    if not permits(user, household, roles):
        raise PermissionDenied(_("You cannot do this on this case."))


def registering_organisation(user, governorate_pcode: str) -> int:
    """The organisation a new case is registered for: that of a case grant covering the
    governorate (the first such organisation when several do)."""
    grants = get_grants(user)
    candidates = sorted(
        grant.organisation_id
        for grant in grants.with_role(*CASE_ROLES)
        if grant.covers(governorate_pcode) and grant.organisation_id is not None
    )
    if candidates:
        return candidates[0]
    if grants.holds(Role.ADMIN):
        admin_orgs = sorted(grants.organisations(Role.ADMIN))
        if admin_orgs:
            return admin_orgs[0]
    raise PermissionDenied(_("You cannot register cases in this governorate."))


def may_register_for(user, organisation_id: int, governorate_pcode: str) -> bool:
    grants = get_grants(user)
    return grants.holds(Role.ADMIN) or grants.permits(
        *CASE_ROLES, pcode=governorate_pcode, organisation_id=organisation_id
    )


def departure_lists_visible_to(user) -> QuerySet[DepartureList]:
    """Departure lists of the organisations and governorates of the user's case grants."""
    grants = get_grants(user)
    reach = grants.q(Role.ADMIN, governorate=None)
    reach |= grants.q(*CASE_ROLES, governorate="governorate__pcode", organisation="organisation_id")
    return DepartureList.objects.filter(reach).select_related("site", "governorate")


def households_for_aggregates(user) -> QuerySet[Household]:
    """Households counted in dashboards: the cases the user can see, plus, for government and
    IM officer grants, counts (never records) of every case in those grants' governorates."""
    grants = get_grants(user)
    households = Household.objects.filter(merged_into__isnull=True)
    if not grants.authenticated:
        return households.none()
    counted = _reach(grants, ALL_CASE_ROLES)
    counted |= grants.q(*(AUTHORITIES | TRACKING_MANAGERS), governorate="governorate__pcode")
    return households.filter(counted)


def reads_cases(user) -> bool:
    """Whether the user holds any role that reaches households (the case list is theirs)."""
    return get_grants(user).holds(*ALL_CASE_ROLES)


def is_case_worker(user) -> bool:
    """Whether the user works on cases at all (menus, list pages); records still go by grant."""
    return get_grants(user).holds(*CASE_ACTORS)


def can_override(user, household: Household | None = None) -> bool:
    """Supervisors approve exceptions such as a departure to a high-severity destination."""
    if household is None:
        return get_grants(user).holds(*SUPERVISORS)
    return permits(user, household, SUPERVISORS)


def sees_sensitive(user, household: Household | None = None) -> bool:
    """The sensitive vulnerability flags are for supervisors of the case's organisation."""
    if household is None:
        return get_grants(user).holds(Role.CASE_SUPERVISOR)
    return permits(user, household, {Role.CASE_SUPERVISOR})


def government_view(user, household: Household | None = None) -> bool:
    """Government officers see a reduced case: only what clearance and arrival need."""
    if household is None:
        grants = get_grants(user)
        return grants.holds(*AUTHORITIES) and not grants.holds(*CASE_ACTORS)
    return not permits(user, household, CASE_ACTORS)


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
    except (Household.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    if log:
        log_access(user, "household", household.uid, via=via)
    return household


def log_households_shown(
    user, households: Iterable[Household], *, via: str = "page", action: str = "view"
) -> None:
    """Log one read per household a list, search, worklist or export showed the user: every
    door that shows cases comes through here, the records it showed and no others."""
    log_accesses(user, "household", [h.uid for h in households], via=via, action=action)
