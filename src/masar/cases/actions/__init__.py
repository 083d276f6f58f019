"""Every write to a case. Pages, the API, commands and the demo generator all call these.

Each action is atomic, asks `masar.cases.access` whether the user may act on the case, writes
the timeline, and bumps the household's version so that a form opened before someone else's
change cannot overwrite it. State changes go through the workflow table (`transition`).
"""

from masar.core.workflow import GuardsUnmet, InvalidInput, Stale

from .departures import add_to_departure_list, create_departure_list, depart_list
from .follow_ups import (
    FollowUpResult,
    complete_follow_up,
    correct_arrival_date,
    record_follow_up_attempt,
)
from .payments import approve_payment, grant_amount, mark_payment_paid
from .registration import (
    CONSENT_FIELDS,
    HOUSEHOLD_FIELDS,
    MEMBER_FIELDS,
    add_member,
    likely_duplicates,
    record_consent,
    register_checked,
    register_household,
    update_household,
    update_member,
)
from .transitions import (
    available_actions,
    override_destination,
    record_destination_assessment,
    record_visit,
    transition,
)

StaleCase = Stale

__all__ = [
    "CONSENT_FIELDS",
    "HOUSEHOLD_FIELDS",
    "MEMBER_FIELDS",
    "FollowUpResult",
    "GuardsUnmet",
    "InvalidInput",
    "Stale",
    "StaleCase",
    "add_member",
    "add_to_departure_list",
    "approve_payment",
    "available_actions",
    "complete_follow_up",
    "correct_arrival_date",
    "create_departure_list",
    "depart_list",
    "grant_amount",
    "likely_duplicates",
    "mark_payment_paid",
    "override_destination",
    "record_consent",
    "record_destination_assessment",
    "record_follow_up_attempt",
    "record_visit",
    "register_checked",
    "register_household",
    "transition",
    "update_household",
    "update_member",
]
