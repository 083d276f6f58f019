"""Who sees and moves which referral, as an OR over the user's grants.

- a partner focal point grant: the referrals sent to that grant's organisation, wherever the
  household is (the partner serves where its services are), and nothing of the case;
- a case-role grant: the referrals of the households that grant reaches (its organisation's
  cases in its governorates), among the households the cases app lets the user see;
- an administrator grant: every referral.
Everyone else sees none. Out of scope answers 404. The same rule decides who may take a
transition: the transition's roles are the grants that count.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from masar.accounts.actions import log_access, log_accesses
from masar.accounts.choices import (
    CASE_ACTORS,
    CASE_ROLES,
    RECEIVERS,
    SUPERVISORS,
    TRACKING_MANAGERS,
    Role,
)
from masar.accounts.grants import EVERYTHING, get_grants
from masar.cases.access import households_visible_to
from masar.cases.models import Household

from .models import Referral, Service

# Everyone a referral concerns: its receivers and the case roles on the household.
REFERRAL_ROLES = RECEIVERS | CASE_ACTORS


def _cases_reached(user, roles: frozenset[str], path: str) -> Q:
    """The households a case-role grant of `roles` reaches: its organisation's, in its
    governorates (`path` leads from the queried model to the household)."""
    grants = get_grants(user)
    return grants.q(
        *(roles & CASE_ROLES),
        governorate=f"{path}governorate__pcode",
        organisation=f"{path}organisation",
    )


def _reach(user, roles: Iterable[str]) -> Q:
    """The referrals one of the user's grants of `roles` reaches."""
    roles = frozenset(roles)
    grants = get_grants(user)
    if Role.ADMIN in roles and grants.holds(Role.ADMIN):
        return EVERYTHING
    reach = grants.q(*(roles & RECEIVERS), governorate=None, organisation="to_organisation")
    if grants.holds(*(roles & CASE_ROLES)):
        reach |= _cases_reached(user, roles, "household__") & Q(
            household__in=households_visible_to(user)
        )
    return reach


def referrals_visible_to(user) -> QuerySet[Referral]:
    return Referral.objects.filter(_reach(user, REFERRAL_ROLES))


def referrals_received_by(user) -> QuerySet[Referral]:
    """The partner's inbox: referrals sent to the organisations the user receives for."""
    return Referral.objects.filter(_reach(user, RECEIVERS))


def referrals_sent_for(user) -> QuerySet[Referral]:
    """The sender's side: referrals of the households the user's case roles reach."""
    return Referral.objects.filter(_reach(user, CASE_ACTORS))


def permits(user, referral: Referral, roles: Iterable[str]) -> bool:
    """Whether a grant of `roles` reaches this referral (the workflow engine asks this)."""
    return Referral.objects.filter(_reach(user, roles), pk=referral.pk).exists()


def get_referral_for_user(user, uid, *, via: str = "page", log: bool = True) -> Referral:
    """The referral if `user` may see it (every read is logged), else 404."""
    try:
        referral = (
            referrals_visible_to(user)
            .select_related(
                "service", "from_organisation", "to_organisation", "shared_location", "governorate"
            )
            .get(uid=uid)
        )
    except (Referral.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    if log:
        log_access(user, "referral", referral.uid, via=via)
    return referral


def log_referrals_shown(
    user, referrals: Iterable[Referral], *, via: str = "page", action: str = "view"
) -> None:
    """Log one read per referral a list, inbox, worklist or report showed the user."""
    log_accesses(user, "referral", [r.uid for r in referrals], via=via, action=action)


def is_sender(user, referral: Referral) -> bool:
    """Whether the user works on the referred case (and so may open it from the referral)."""
    return permits(user, referral, CASE_ACTORS)


def reaches_household(user, household: Household, roles: Iterable[str]) -> bool:
    """Whether a grant of `roles` reaches the household (an administrator's reaches every case)."""
    roles = frozenset(roles)
    grants = get_grants(user)
    if Role.ADMIN in roles and grants.holds(Role.ADMIN):
        reached = EVERYTHING
    else:
        reached = _cases_reached(user, roles, "")
    return households_visible_to(user).filter(reached, pk=household.pk).exists()


def require_sender(user, household: Household) -> None:
    """Refuse unless one of the user's case grants reaches the household."""
    if not reaches_household(user, household, CASE_ACTORS):
        raise PermissionDenied(_("You cannot refer this household."))


def may_refer_without_consent(user, household: Household) -> bool:
    """An emergency referral without consent needs a supervisor's grant over the household."""
    return reaches_household(user, household, SUPERVISORS)


def uses_referrals(user) -> bool:
    """Whether the referral pages are for the user at all (menus and page gates only)."""
    return get_grants(user).holds(*REFERRAL_ROLES)


def receives_referrals(user) -> bool:
    return get_grants(user).holds(*RECEIVERS)


def refers_households(user) -> bool:
    return get_grants(user).holds(*CASE_ACTORS)


def reads_referral_report(user) -> bool:
    return get_grants(user).holds(*REFERRAL_ROLES, *TRACKING_MANAGERS)


def services_visible_to(user) -> QuerySet[Service]:
    """The catalogue is open to every signed-in user: it holds no personal data."""
    if not get_grants(user).authenticated:
        return Service.objects.none()
    return Service.objects.select_related("organisation").prefetch_related("governorates")


def service_organisations(user) -> frozenset[int]:
    """The organisations the user publishes services for."""
    return get_grants(user).organisations(*RECEIVERS)


def can_manage_service(user, organisation_id: int) -> bool:
    grants = get_grants(user)
    return grants.holds(Role.ADMIN) or organisation_id in grants.organisations(*RECEIVERS)
