"""A user's access as a set of grants: (organisation, role, governorates or all).

Each active membership is one grant. Every check and every scoped query is an OR over the
grants, each grant bringing only its own role in its own organisation and its own governorates:
two memberships never pool into a wider one (a partner focal point's country-wide grant does not
make the same user's case-worker grant country-wide). Every app's `access.py` builds on these;
nothing else looks at memberships.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet

from .choices import AUDITORS, NATIONAL_ROLES, Role

# Matches every row. An empty Q() would be dropped when OR-ed with another condition.
EVERYTHING = Q(pk__isnull=False)
NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Grant:
    """One role held in one organisation, for some governorates (None: every governorate)."""

    organisation_id: int | None
    role: str
    governorates: frozenset[str] | None = None

    def covers(self, pcode: str | None) -> bool:
        if self.governorates is None:
            return True
        return pcode is not None and pcode in self.governorates

    def q(self, governorate: str | None, organisation: str | None = None) -> Q:
        """The rows this grant reaches: in its governorates (through the `governorate` lookup
        to a P-code) and, when `organisation` names the field, in its organisation."""
        condition = EVERYTHING
        if governorate is not None and self.governorates is not None:
            condition &= Q(**{f"{governorate}__in": sorted(self.governorates)})
        if organisation is not None:
            condition &= Q(**{organisation: self.organisation_id})
        return condition


@dataclass(frozen=True)
class Grants:
    """All of a user's grants. A superuser holds one country-wide administrator grant."""

    authenticated: bool
    grants: tuple[Grant, ...] = ()
    superuser: bool = False

    def with_role(self, *roles: str) -> tuple[Grant, ...]:
        return tuple(grant for grant in self.grants if grant.role in roles)

    def holds(self, *roles: str) -> bool:
        """Whether any grant carries one of `roles` (somewhere, for some organisation)."""
        return bool(self.with_role(*roles))

    @property
    def roles(self) -> frozenset[str]:
        """The roles held, for labels and menus only: never for deciding access to a record."""
        return frozenset(grant.role for grant in self.grants)

    def q(self, *roles: str, governorate: str | None, organisation: str | None = None) -> Q:
        """OR over the grants of `roles` of the rows each reaches (see `Grant.q`)."""
        condition = NOTHING
        for grant in self.with_role(*roles):
            condition |= grant.q(governorate, organisation)
        return condition

    def permits(
        self, *roles: str, pcode: str | None = None, organisation_id: int | None = None
    ) -> bool:
        """Whether one grant of `roles` covers the governorate `pcode` and, when given, the
        organisation `organisation_id` — both in the same grant."""
        return any(
            grant.covers(pcode)
            and (organisation_id is None or grant.organisation_id == organisation_id)
            for grant in self.with_role(*roles)
        )

    def organisations(self, *roles: str) -> frozenset[int]:
        return frozenset(
            grant.organisation_id
            for grant in self.with_role(*roles)
            if grant.organisation_id is not None
        )

    def governorates(self) -> frozenset[str] | None:
        """Every governorate some grant covers (None: the whole country), for location-level
        data that any role may read within its governorates."""
        pcodes: set[str] = set()
        for grant in self.grants:
            if grant.governorates is None:
                return None
            pcodes |= grant.governorates
        return frozenset(pcodes)


ANONYMOUS = Grants(authenticated=False)


def build_grants(superuser: bool, memberships: Iterable[tuple[int, str, Iterable[str]]]) -> Grants:
    """Grants from (organisation id, role, governorate P-codes) triples; no P-codes, or a
    national role, means every governorate."""
    grants = []
    for organisation_id, role, pcodes in memberships:
        governorates = frozenset(pcodes)
        national = not governorates or role in NATIONAL_ROLES
        grants.append(Grant(organisation_id, role, None if national else governorates))
    if superuser:
        grants.append(Grant(None, Role.ADMIN, None))
    return Grants(authenticated=True, grants=tuple(grants), superuser=superuser)


def get_grants(user) -> Grants:
    """The user's grants from their active memberships, computed once and cached on the user."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_masar_grants", None)
    if cached is not None:
        return cached
    memberships = user.memberships.filter(
        is_active=True, organisation__isnull=False
    ).prefetch_related("governorates")
    grants = build_grants(
        user.is_superuser,
        (
            (m.organisation_id, m.role, [area.pcode for area in m.governorates.all()])
            for m in memberships
        ),
    )
    user._masar_grants = grants
    return grants


def forget_grants(user) -> None:
    """Drop the cached grants (after a membership of this user object changed)."""
    user.__dict__.pop("_masar_grants", None)


def role_labels(grants: Grants) -> list[str]:
    return [str(Role(role).label) for role in sorted(grants.roles)]


def filter_by_governorate(queryset: QuerySet, user, field: str = "governorate__pcode") -> QuerySet:
    """Location-level rows any of the user's grants reaches, whatever the grant's role.

    Anonymous users get nothing; a country-wide grant gets everything.
    """
    grants = get_grants(user)
    if not grants.authenticated:
        return queryset.none()
    governorates = grants.governorates()
    if governorates is None:
        return queryset
    return queryset.filter(**{f"{field}__in": sorted(governorates)})


def small_cells_threshold(user) -> int | None:
    """The suppression threshold for aggregates shown to `user`: set when no grant of theirs is
    country-wide (a user below national scope sees small counts suppressed, see
    `masar.lib.disclosure`), None for national users, who see exact figures."""
    if get_grants(user).governorates() is None:
        return None
    return int(settings.MASAR["SUPPRESSION_THRESHOLD"])


def may_audit(user) -> bool:
    """Whether `user` may read the access log and the change history (the data-protection
    page and its exports), whatever their governorates: the trail is country-wide."""
    return get_grants(user).holds(*AUDITORS)
