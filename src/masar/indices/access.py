"""Who may do what with the indices: reading is scoped by governorate, entering by role."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from masar.accounts.choices import Role
from masar.accounts.scope import get_scope
from masar.geo.access import locations_visible_to

ASSESSORS = (Role.ENUMERATOR, Role.IM_OFFICER, Role.ADMIN)
COMPUTERS = (Role.IM_OFFICER, Role.ADMIN)


def require_assessor(user) -> None:
    if not get_scope(user).has_role(*ASSESSORS):
        raise PermissionDenied


def can_compute(user) -> bool:
    return get_scope(user).has_role(*COMPUTERS)


def assessable_location(user, external_id: str):
    """The location an assessor may enter answers for, or None (out of scope looks absent)."""
    require_assessor(user)
    return (
        locations_visible_to(user)
        .select_related("area", "governorate")
        .filter(external_id=external_id.strip())
        .first()
    )
