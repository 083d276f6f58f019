"""Scoping primitives: what organisations, roles and governorates a user works with.

Every app's `access.py` builds its permission-checked querysets on these; nothing else looks at
roles. The scope is computed once per request and cached on the user object.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from .choices import NATIONAL_ROLES, SENSITIVE_DATA_ROLES, Role


@dataclass(frozen=True)
class Scope:
    """A user's access: roles per organisation and the governorate P-codes they cover.

    `governorates` is None when the user covers the whole country (a membership without
    governorates, or a national role, or a superuser).
    """

    authenticated: bool
    superuser: bool = False
    roles: frozenset[str] = frozenset()
    organisation_ids: frozenset[int] = frozenset()
    governorates: frozenset[str] | None = frozenset()
    org_roles: frozenset[tuple[int, str]] = field(default_factory=frozenset)

    def has_role(self, *roles: str) -> bool:
        return self.superuser or bool(self.roles.intersection(roles))

    def orgs_with_role(self, *roles: str) -> frozenset[int]:
        return frozenset(org for org, role in self.org_roles if role in roles)

    @property
    def national(self) -> bool:
        """Whether location-level data of every governorate is in scope."""
        return self.superuser or bool(self.roles & NATIONAL_ROLES) or self.governorates is None

    @property
    def sees_sensitive(self) -> bool:
        return self.superuser or bool(self.roles & SENSITIVE_DATA_ROLES)

    def covers_governorate(self, pcode: str | None) -> bool:
        if self.national:
            return True
        return pcode is not None and pcode in (self.governorates or frozenset())


ANONYMOUS = Scope(authenticated=False)


def get_scope(user: AbstractBaseUser | AnonymousUser | None) -> Scope:
    """Return the user's scope, computed from active memberships and cached on the user."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_masar_scope", None)
    if cached is not None:
        return cached
    memberships = list(
        user.memberships.filter(is_active=True, organisation__isnull=False).prefetch_related(
            "governorates"
        )
    )
    roles = frozenset(m.role for m in memberships)
    governorates: set[str] | None = set()
    for membership in memberships:
        pcodes = {area.pcode for area in membership.governorates.all()}
        if not pcodes:
            governorates = None
        elif governorates is not None:
            governorates |= pcodes
    if user.is_superuser or roles & NATIONAL_ROLES:
        governorates = None
    scope = Scope(
        authenticated=True,
        superuser=user.is_superuser,
        roles=roles,
        organisation_ids=frozenset(m.organisation_id for m in memberships),
        governorates=None if governorates is None else frozenset(governorates),
        org_roles=frozenset((m.organisation_id, m.role) for m in memberships),
    )
    user._masar_scope = scope
    return scope


def role_labels(scope: Scope) -> list[str]:
    return [str(Role(role).label) for role in sorted(scope.roles)]


def filter_by_governorate(queryset: QuerySet, user, field: str = "governorate__pcode") -> QuerySet:
    """Keep the rows whose governorate (reached through `field`) is in the user's scope.

    Anonymous users get nothing; national roles and country-wide memberships get everything.
    """
    scope = get_scope(user)
    if not scope.authenticated:
        return queryset.none()
    if scope.national:
        return queryset
    return queryset.filter(**{f"{field}__in": scope.governorates or ()})
