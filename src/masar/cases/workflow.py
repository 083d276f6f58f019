"""The household workflow: one table of transitions, run by the engine in `masar.core.workflow`.

Each row says who may take the action (role sets from `masar.accounts.choices`, checked against
the case by `access.permits`), from which states, what must hold first, what input it takes and
what it does. Pages, the API, commands and the demo all go through `WORKFLOW.run`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from masar.accounts.choices import AUTHORITIES, CASE_ACTORS
from masar.core.workflow import Context, Transition, Workflow

from . import events, steps
from . import guards as g
from . import transition_forms as f
from .access import permits
from .choices import BEFORE_DEPARTURE, CaseState
from .hooks import timeline_labels
from .models import CaseEvent, Household

S = CaseState
# States in which a clearance for the current destination was requested or given.
CLEARANCE_BOUND = frozenset({S.CLEARANCE_REQUESTED, S.CLEARED, S.DEPARTURE_SCHEDULED})

TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "assess",
        _("Record assessment"),
        frozenset({S.REGISTERED}),
        S.ASSESSED,
        CASE_ACTORS,
        form=f.AssessForm,
        step=steps.assess,
    ),
    Transition(
        "request_clearance",
        _("Request clearance"),
        frozenset({S.ASSESSED, S.CLEARANCE_DENIED}),
        S.CLEARANCE_REQUESTED,
        CASE_ACTORS,
        guards=(g.consents_to_authorities,),
        form=f.RequestClearanceForm,
        step=steps.request_clearance,
    ),
    Transition(
        "grant_clearance",
        _("Record clearance granted"),
        frozenset({S.CLEARANCE_REQUESTED}),
        S.CLEARED,
        AUTHORITIES,
        form=f.ClearanceDecisionForm,
        step=steps.grant_clearance,
    ),
    Transition(
        "deny_clearance",
        _("Record clearance denied"),
        frozenset({S.CLEARANCE_REQUESTED}),
        S.CLEARANCE_DENIED,
        AUTHORITIES,
        form=f.ClearanceDecisionForm,
        step=steps.deny_clearance,
    ),
    Transition(
        "change_destination",
        _("Change destination"),
        CLEARANCE_BOUND,
        S.ASSESSED,
        CASE_ACTORS,
        form=f.ChangeDestinationForm,
        step=steps.change_destination,
    ),
    Transition(
        "schedule_departure",
        _("Schedule departure"),
        frozenset({S.CLEARED}),
        S.DEPARTURE_SCHEDULED,
        CASE_ACTORS,
        guards=(
            g.consent_is_current,
            g.has_granted_clearance,
            g.has_destination,
            g.destination_is_assessed,
            g.severe_destination_is_overridden,
        ),
        form=f.ScheduleDepartureForm,
        step=steps.schedule_departure,
    ),
    Transition(
        "depart",
        _("Mark departed"),
        frozenset({S.DEPARTURE_SCHEDULED}),
        S.DEPARTED,
        CASE_ACTORS,
        guards=(g.consent_is_current,),
        form=f.DepartForm,
        step=steps.depart,
    ),
    Transition(
        "arrive",
        _("Record arrival"),
        frozenset({S.DEPARTED}),
        S.ARRIVED,
        CASE_ACTORS | AUTHORITIES,
        form=f.ArriveForm,
        step=steps.arrive,
    ),
    Transition(
        "start_monitoring",
        _("Start monitoring"),
        frozenset({S.ARRIVED}),
        S.MONITORING,
        CASE_ACTORS,
        guards=(g.has_completed_check_in_or_prm,),
    ),
    Transition(
        "close",
        _("Close case"),
        frozenset({S.ARRIVED, S.MONITORING, S.CLEARANCE_DENIED}),
        S.CLOSED,
        CASE_ACTORS,
        form=f.CloseForm,
        step=steps.close,
        input_guards=(g.durable_closure_is_supported,),
    ),
    Transition(
        "withdraw",
        _("Withdraw"),
        frozenset(BEFORE_DEPARTURE),
        S.WITHDRAWN,
        CASE_ACTORS,
        form=f.WithdrawForm,
        step=steps.withdraw,
    ),
)


def _record(ctx: Context, from_state: str) -> None:
    events.transitioned(ctx.obj, ctx.user, ctx.transition.action, from_state, ctx.note, ctx.payload)


WORKFLOW = Workflow(
    name="case",
    model=Household,
    transitions=TRANSITIONS,
    permits=permits,
    record=_record,
)


# What a case's timeline records outside the transition table, by action code.
TIMELINE_ACTIONS = {
    "consent": _("Consent recorded"),
    "listed": _("Added to a departure list"),
    "visit": _("Visit recorded"),
    "arrival_corrected": _("Arrival date corrected"),
    "attempt": _("Attempt recorded"),
    "completed": _("Completed"),
    "approved": _("Approved"),
    "paid": _("Paid"),
    "merged_from": _("Another household merged into this one"),
    "merged_into": _("Merged into another household"),
    "merge_undone": _("Merge undone"),
    "override_destination": _("Destination approved by a supervisor"),
}


def labelled_timeline(events: Iterable[CaseEvent]) -> list[CaseEvent]:
    """A case's events, each given `action_label`: the action in the reader's language (a
    transition's label, or an app's through `timeline_labels`), empty where the kind says it."""
    rows = list(events)
    others: dict[str, dict[str, Any]] = {}
    for event in rows:
        if event.kind not in others:
            labels: dict[str, Any] = dict(TIMELINE_ACTIONS)
            for answer in timeline_labels.call(event.kind):
                labels.update(answer or {})
            others[event.kind] = labels
        labels = others[event.kind]
        # An app's labels for its own kind of event come first ("withdraw" a referral is not
        # "withdraw" the case).
        label = labels.get(event.action) or WORKFLOW.label_of(event.action)
        if not event.action or str(label) == event.get_kind_display():
            label = ""
        event.action_label = label  # type: ignore[attr-defined]
    return rows
