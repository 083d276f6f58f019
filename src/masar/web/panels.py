"""The home page's panels: for each area of work, what its people act on today.

Each panel belongs to one role set of `masar.accounts.choices` (the set that acts on that
worklist) and is shown to a user with a grant of one of those roles, so a user with several
roles sees several panels. The figures and records come from each domain app's queries, which
scope them by the user's grants; the records a panel lists are logged as read, as on the
worklist it links to. The web layer sits above every domain app, so it reads them directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from masar.accounts.choices import (
    AUTHORITIES,
    CASE_ACTORS,
    RECEIVERS,
    TICKET_HANDLERS,
    TRACKING_MANAGERS,
)
from masar.accounts.grants import get_grants
from masar.cases import queries as case_queries
from masar.cases.access import log_households_shown
from masar.feedback import queries as ticket_queries
from masar.feedback.access import log_tickets_shown
from masar.referrals import queries as referral_queries
from masar.referrals.access import log_referrals_shown
from masar.tracking import queries as tracking_queries

# How many records a panel lists; its link leads to the rest.
LISTED = 5


@dataclass(frozen=True)
class Panel:
    """One part of the home page: its template, whose grants see it, and its context."""

    template: str
    roles: frozenset[str]
    context: Callable[[Any], dict[str, Any]]


def _cases(user) -> dict[str, Any]:
    caseload = case_queries.caseload(user, limit=LISTED)
    log_households_shown(user, [item.household for item in caseload["overdue_first"]])
    return {"caseload": caseload}


def _clearances(user) -> dict[str, Any]:
    queue = case_queries.clearance_queue(user, limit=LISTED)
    log_households_shown(user, queue["first"])
    return {"queue": queue}


def _referrals(user) -> dict[str, Any]:
    inbox = referral_queries.inbox_summary(user, limit=LISTED)
    log_referrals_shown(user, inbox["first"])
    return {"inbox": inbox}


def _tickets(user) -> dict[str, Any]:
    worklist = ticket_queries.worklist_summary(user, limit=LISTED)
    log_tickets_shown(user, worklist["first"])
    return {"worklist": worklist}


def _rounds(user) -> dict[str, Any]:
    summary = tracking_queries.latest_round_summary(user, limit=LISTED)
    return {"summary": summary}


PANELS = (
    Panel("web/panels/cases.html", CASE_ACTORS, _cases),
    Panel("web/panels/clearances.html", AUTHORITIES, _clearances),
    Panel("web/panels/referrals.html", RECEIVERS, _referrals),
    Panel("web/panels/tickets.html", TICKET_HANDLERS, _tickets),
    Panel("web/panels/rounds.html", TRACKING_MANAGERS, _rounds),
)


def panels_for(user) -> list[dict[str, Any]]:
    """The panels the user's grants call for, each as its template and its context."""
    grants = get_grants(user)
    return [
        {"template": panel.template, **panel.context(user)}
        for panel in PANELS
        if grants.holds(*panel.roles)
    ]
