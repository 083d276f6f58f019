"""Who sees which ticket.

- PSEA focal points: the sensitive tickets (sexual exploitation and abuse, fraud, threats to
  safety) in their governorates, and nobody else sees those — not CFM officers, not case
  supervisors, not administrators. A PSEA focal point who is also a CFM officer sees both kinds.
- CFM officers: the normal tickets in their governorates, and those with no governorate.
- case workers and supervisors: the normal tickets linked to households they can see.
- administrators: every normal ticket.
Everyone else, and anonymous visitors, see none. Out of scope answers 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from masar.accounts.actions import log_access
from masar.accounts.choices import Role
from masar.accounts.scope import get_scope
from masar.cases.access import households_visible_to

from .choices import SENSITIVE
from .models import Ticket

TICKET_ROLES = (
    Role.CFM_OFFICER,
    Role.PSEA_FOCAL_POINT,
    Role.CASE_WORKER,
    Role.CASE_SUPERVISOR,
    Role.ADMIN,
)


def _in_governorates(scope) -> Q:
    if scope.national:
        return Q()
    return Q(governorate__pcode__in=scope.governorates or ()) | Q(governorate__isnull=True)


def tickets_visible_to(user) -> QuerySet[Ticket]:
    scope = get_scope(user)
    tickets = Ticket.objects.all()
    if not scope.authenticated:
        return tickets.none()
    sensitive = Q(sensitivity__in=SENSITIVE)
    visible = Q(pk__in=[])
    # Roles are read from the memberships, not `has_role`: a superuser is not a PSEA focal point.
    if Role.PSEA_FOCAL_POINT in scope.roles:
        visible |= sensitive & _in_governorates(scope)
    if scope.superuser or Role.ADMIN in scope.roles:
        visible |= ~sensitive
    elif Role.CFM_OFFICER in scope.roles:
        visible |= ~sensitive & _in_governorates(scope)
    elif scope.roles & {Role.CASE_WORKER, Role.CASE_SUPERVISOR}:
        visible |= ~sensitive & Q(household__in=households_visible_to(user))
    return tickets.filter(visible)


def can_use_tickets(user) -> bool:
    scope = get_scope(user)
    return bool(scope.roles & set(TICKET_ROLES)) or scope.superuser


def can_handle(user) -> bool:
    """Who may create tickets and move them along (case workers only read linked tickets)."""
    scope = get_scope(user)
    return scope.superuser or bool(
        scope.roles & {Role.CFM_OFFICER, Role.PSEA_FOCAL_POINT, Role.ADMIN}
    )


def sees_sensitive_tickets(user) -> bool:
    return Role.PSEA_FOCAL_POINT in get_scope(user).roles


def get_ticket_for_user(user, uid, *, via: str = "page", log: bool = True) -> Ticket:
    """The ticket if `user` may see it (every read is logged), else 404."""
    try:
        ticket = (
            tickets_visible_to(user)
            .select_related("governorate", "household", "location", "assigned_to")
            .get(uid=uid)
        )
    except (Ticket.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if log:
        log_access(user, "ticket", ticket.uid, via=via)
    return ticket
