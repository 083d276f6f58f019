"""Who sees and handles which ticket, as an OR over the user's grants, each with its own rule.

- a PSEA focal point grant: the sensitive tickets (sexual exploitation and abuse, fraud, threats
  to safety, and types that arrive sensitive) in its governorates, and those without a
  governorate, which would otherwise reach no one. Nobody else sees those: not CFM officers,
  not case supervisors, not administrators, not a superuser without that membership;
- a CFM officer grant: the normal tickets in its governorates, and those without a governorate;
- a case-role grant: the normal tickets linked to the households it reaches (its organisation's
  cases in its governorates, among those the cases app lets the user see);
- an administrator grant: every normal ticket.
Anonymous visitors see none. Out of scope answers 404. Handling a ticket (moving it along,
being assigned it) needs one of TICKET_HANDLERS' grants to reach it; case roles only read.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from masar.accounts.actions import log_access, log_accesses
from masar.accounts.choices import CASE_ROLES, TICKET_HANDLERS, Role
from masar.accounts.grants import NOTHING, Grants, get_grants
from masar.cases.access import households_visible_to

from .choices import SENSITIVE
from .models import Ticket

# Everyone who reads tickets: their handlers, and case roles for the tickets of their cases.
TICKET_READERS = TICKET_HANDLERS | CASE_ROLES


def _in_governorates(grants: Grants, role: str) -> Q:
    """Tickets in the governorates of the user's grants of `role`, or without a governorate."""
    if not grants.holds(role):
        return NOTHING
    return grants.q(role, governorate="governorate__pcode") | Q(governorate__isnull=True)


def _reach(user, roles: Iterable[str]) -> Q:
    """The tickets one of the user's grants of `roles` reaches."""
    roles = frozenset(roles)
    grants = get_grants(user)
    sensitive = Q(sensitivity__in=SENSITIVE)
    reach = NOTHING
    if Role.PSEA_FOCAL_POINT in roles:
        reach |= sensitive & _in_governorates(grants, Role.PSEA_FOCAL_POINT)
    if Role.CFM_OFFICER in roles:
        reach |= ~sensitive & _in_governorates(grants, Role.CFM_OFFICER)
    if Role.ADMIN in roles and grants.holds(Role.ADMIN):
        reach |= ~sensitive
    case_roles = roles & CASE_ROLES
    if grants.holds(*case_roles):
        cases = grants.q(
            *case_roles,
            governorate="household__governorate__pcode",
            organisation="household__organisation",
        )
        reach |= ~sensitive & cases & Q(household__in=households_visible_to(user))
    return reach


def tickets_visible_to(user) -> QuerySet[Ticket]:
    return Ticket.objects.filter(_reach(user, TICKET_READERS))


def permits(user, ticket: Ticket, roles: Iterable[str]) -> bool:
    """Whether a grant of `roles` reaches this ticket (the workflow engine asks this)."""
    return Ticket.objects.filter(_reach(user, roles), pk=ticket.pk).exists()


def may_handle(user, ticket: Ticket) -> bool:
    return permits(user, ticket, TICKET_HANDLERS)


def officers_for(ticket: Ticket) -> QuerySet:
    """The officers the ticket may be assigned to: those whose own grants let them handle it
    (so a sensitive ticket only ever goes to a PSEA focal point of its governorate)."""
    users = get_user_model().objects.filter(is_active=True)
    candidates = users.filter(
        Q(is_superuser=True) | Q(memberships__is_active=True, memberships__role__in=TICKET_HANDLERS)
    ).distinct()
    return users.filter(
        pk__in=[officer.pk for officer in candidates if may_handle(officer, ticket)]
    ).order_by("username")


def can_use_tickets(user) -> bool:
    """Whether the ticket pages are for the user at all (menus and page gates only)."""
    return get_grants(user).holds(*TICKET_READERS)


def can_handle(user) -> bool:
    """Who may record tickets (case workers only read the tickets of their cases)."""
    return get_grants(user).holds(*TICKET_HANDLERS)


def sees_sensitive_tickets(user) -> bool:
    return get_grants(user).holds(Role.PSEA_FOCAL_POINT)


def get_ticket_for_user(user, uid, *, via: str = "page", log: bool = True) -> Ticket:
    """The ticket if `user` may see it (every read is logged), else 404."""
    try:
        ticket = (
            tickets_visible_to(user)
            .select_related("governorate", "household", "location", "assigned_to")
            .get(uid=uid)
        )
    except (Ticket.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    if log:
        log_access(user, "ticket", ticket.uid, via=via)
    return ticket


def log_tickets_shown(
    user, tickets: Iterable[Ticket], *, via: str = "page", action: str = "view"
) -> None:
    """Log one read per ticket a list, worklist or export showed the user (the page's tickets,
    not the whole search)."""
    log_accesses(user, "ticket", [t.uid for t in tickets], via=via, action=action)
