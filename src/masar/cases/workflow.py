"""The household workflow: one table of transitions per pathway, run by the engine in
`masar.core.workflow`, which picks the table by the household's pathway.

Each row says who may take the action (role sets from `masar.accounts.choices`, checked against
the case by `access.permits`), from which states, what must hold first, what input it takes and
what it does. The rows every pathway shares — assessment, clearance, the change of pathway,
monitoring, closure, withdrawal — are written once, and so are the guards they share (consent,
the supervisor's override of a severe destination; scope is the engine's). A return and a
relocation move the household (departure, arrival); a relocation's destination must lie outside
the area of origin. A local integration moves no one: it agrees a plan of support and starts it,
and its follow-ups are counted from that start. Pages, the API, commands and the demo all go
through `WORKFLOW.run`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from django.utils.translation import gettext_lazy as _

from masar.accounts.choices import AUTHORITIES, CASE_ACTORS
from masar.core.workflow import Context, Transition, Workflow

from . import events, steps
from . import guards as g
from . import transition_forms as f
from .access import permits
from .choices import BEFORE_SETTLING, SETTLED, CaseState, Pathway
from .hooks import timeline_labels
from .models import CaseEvent, Household

S = CaseState
# States in which a clearance for the current destination was requested or given.
CLEARANCE_BOUND = frozenset({S.CLEARANCE_REQUESTED, S.CLEARED, S.DEPARTURE_SCHEDULED})

# --- Shared by every pathway ---
ASSESS = Transition(
    "assess",
    _("Record assessment"),
    frozenset({S.REGISTERED}),
    S.ASSESSED,
    CASE_ACTORS,
    form=f.AssessForm,
    step=steps.assess,
)
REQUEST_CLEARANCE = Transition(
    "request_clearance",
    _("Request clearance"),
    frozenset({S.ASSESSED, S.CLEARANCE_DENIED}),
    S.CLEARANCE_REQUESTED,
    CASE_ACTORS,
    guards=(g.consents_to_authorities,),
    form=f.RequestClearanceForm,
    step=steps.request_clearance,
)
GRANT_CLEARANCE = Transition(
    "grant_clearance",
    _("Record clearance granted"),
    frozenset({S.CLEARANCE_REQUESTED}),
    S.CLEARED,
    AUTHORITIES,
    form=f.ClearanceDecisionForm,
    step=steps.grant_clearance,
)
DENY_CLEARANCE = Transition(
    "deny_clearance",
    _("Record clearance denied"),
    frozenset({S.CLEARANCE_REQUESTED}),
    S.CLEARANCE_DENIED,
    AUTHORITIES,
    form=f.ClearanceDecisionForm,
    step=steps.deny_clearance,
)
START_MONITORING = Transition(
    "start_monitoring",
    _("Start monitoring"),
    SETTLED,
    S.MONITORING,
    CASE_ACTORS,
    guards=(g.has_completed_check_in_or_prm,),
)
CLOSE = Transition(
    "close",
    _("Close case"),
    SETTLED | {S.MONITORING, S.CLEARANCE_DENIED},
    S.CLOSED,
    CASE_ACTORS,
    form=f.CloseForm,
    step=steps.close,
    input_guards=(g.durable_closure_is_supported,),
)
# While registered, nothing was prepared for a pathway yet: it is a detail of the household.
CHANGE_PATHWAY = Transition(
    "change_pathway",
    _("Change pathway"),
    BEFORE_SETTLING - {S.REGISTERED},
    S.ASSESSED,
    CASE_ACTORS,
    form=f.ChangePathwayForm,
    step=steps.change_pathway,
    input_guards=(g.relocation_leaves_area_of_origin,),
)
WITHDRAW = Transition(
    "withdraw",
    _("Withdraw"),
    BEFORE_SETTLING,
    S.WITHDRAWN,
    CASE_ACTORS,
    form=f.WithdrawForm,
    step=steps.withdraw,
)

# --- Return and relocation: the household moves ---
CHANGE_DESTINATION = Transition(
    "change_destination",
    _("Change destination"),
    CLEARANCE_BOUND,
    S.ASSESSED,
    CASE_ACTORS,
    form=f.ChangeDestinationForm,
    step=steps.change_destination,
)
SCHEDULE_DEPARTURE = Transition(
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
)
DEPART = Transition(
    "depart",
    _("Mark departed"),
    frozenset({S.DEPARTURE_SCHEDULED}),
    S.DEPARTED,
    CASE_ACTORS,
    guards=(g.consent_is_current,),
    form=f.DepartForm,
    step=steps.depart,
)
ARRIVE = Transition(
    "arrive",
    _("Record arrival"),
    frozenset({S.DEPARTED}),
    S.ARRIVED,
    CASE_ACTORS | AUTHORITIES,
    form=f.ArriveForm,
    step=steps.arrive,
)

# --- Local integration: the household stays ---
PLAN_INTEGRATION = Transition(
    "plan_integration",
    _("Agree integration plan"),
    frozenset({S.CLEARED}),
    S.INTEGRATION_PLANNED,
    CASE_ACTORS,
    guards=(g.consent_is_current, g.has_granted_clearance),
    form=f.PlanIntegrationForm,
    step=steps.plan_integration,
)
START_INTEGRATION = Transition(
    "start_integration",
    _("Record integration start"),
    frozenset({S.INTEGRATION_PLANNED}),
    S.INTEGRATING,
    CASE_ACTORS,
    guards=(g.consent_is_current,),
    form=f.StartIntegrationForm,
    step=steps.start_integration,
)


def _table(*own: Transition) -> tuple[Transition, ...]:
    """A pathway's table: the shared rows around its own, in the order the case page lists
    the next steps."""
    return (
        ASSESS,
        REQUEST_CLEARANCE,
        GRANT_CLEARANCE,
        DENY_CLEARANCE,
        *own,
        START_MONITORING,
        CLOSE,
        CHANGE_PATHWAY,
        WITHDRAW,
    )


RETURN = _table(CHANGE_DESTINATION, SCHEDULE_DEPARTURE, DEPART, ARRIVE)
RELOCATION = _table(
    replace(CHANGE_DESTINATION, input_guards=(g.relocation_leaves_area_of_origin,)),
    replace(
        SCHEDULE_DEPARTURE,
        guards=(*SCHEDULE_DEPARTURE.guards, g.relocation_leaves_area_of_origin),
    ),
    DEPART,
    ARRIVE,
)
LOCAL_INTEGRATION = _table(PLAN_INTEGRATION, START_INTEGRATION)
TABLES = {
    Pathway.RETURN: RETURN,
    Pathway.RELOCATION: RELOCATION,
    Pathway.LOCAL_INTEGRATION: LOCAL_INTEGRATION,
}


def table_for(household: Household) -> tuple[Transition, ...]:
    return TABLES.get(household.pathway, RETURN)


def _record(ctx: Context, from_state: str) -> None:
    events.transitioned(ctx.obj, ctx.user, ctx.transition.action, from_state, ctx.note, ctx.payload)


WORKFLOW = Workflow(
    name="case",
    model=Household,
    # Every pathway's rows, each once (a relocation's departure is the return's, guarded more).
    transitions=tuple(dict.fromkeys((*RETURN, *RELOCATION, *LOCAL_INTEGRATION))),
    permits=permits,
    record=_record,
    table_for=table_for,
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
    transition's label, or an app's through `timeline_labels`), empty where the kind says it;
    and `pathway_change`, the pathways left and taken, where the event changed it."""
    rows = list(events)
    others: dict[str, dict[str, Any]] = {}
    pathways = dict(Pathway.choices)
    for event in rows:
        payload = event.payload or {}
        # A change of pathway shows both: the one left and the one taken.
        event.pathway_change = (  # type: ignore[attr-defined]
            (pathways.get(payload["from_pathway"]), pathways.get(payload.get("to_pathway")))
            if "from_pathway" in payload
            else None
        )
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
