"""The ticket lifecycle: one table of transitions, run by the shared workflow engine.

new → assigned → in progress → responded → closed. A ticket closes only once the response given
back to the person is recorded, unless it is anonymous with no way to respond (recorded as
such). Every transition is taken by a handler whose own grant reaches the ticket, and the first
one stops the first-action clock of a sensitive ticket.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from masar.accounts.choices import TICKET_HANDLERS
from masar.core.workflow import Context, Transition, TransitionForm, Workflow

from . import events
from .access import officers_for, permits
from .choices import OPEN_STATUSES, ResponseMethod, TicketStatus
from .models import Ticket

T = TicketStatus


class AssignForm(TransitionForm):
    assignee = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        to_field_name="username",
        label=_("Officer"),
        error_messages={
            "required": _("Choose an officer who may handle this ticket."),
            "invalid_choice": _("Choose an officer who may handle this ticket."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.context is not None:
            self.fields["assignee"].queryset = officers_for(self.context.obj)


class ResponseForm(TransitionForm):
    """What was said back to the person, how and when: a ticket is closed on this record."""

    response = forms.CharField(
        label=_("Response given"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Record the response given to the person.")},
    )
    response_method = forms.ChoiceField(
        label=_("How it was given"),
        choices=[("", "—"), *ResponseMethod.choices],
        error_messages={"required": _("Record how the response was given.")},
    )
    responded_at = forms.DateTimeField(
        label=_("Given at (empty: now)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def clean_responded_at(self):
        at = self.cleaned_data["responded_at"]
        if at is not None and at > self.context.now:
            raise forms.ValidationError(_("The response time is in the future."))
        if at is not None and at < self.context.obj.received_at:
            raise forms.ValidationError(_("The response time is before the ticket was received."))
        return at


class ReasonForm(TransitionForm):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, error_messages={"required": _("Give the reason.")}
    )


def is_anonymous(context: Context) -> str | None:
    if not context.obj.anonymous:
        return str(_("an anonymous ticket (this one can be answered)"))
    return None


def _first_action(context: Context) -> None:
    if context.obj.first_action_at is None:
        context.set(first_action_at=context.now)


def _assign(context: Context) -> None:
    assignee = context.data["assignee"]
    context.set(assigned_to=assignee)
    context.note = assignee.get_username()
    _first_action(context)


def _respond(context: Context) -> None:
    context.set(
        response=context.data["response"],
        response_method=context.data["response_method"],
        responded_at=context.data["responded_at"] or context.now,
        responded_by=context.user,
    )
    _first_action(context)


def _close(context: Context) -> None:
    context.set(closed_at=context.now)
    _first_action(context)


def _close_unanswerable(context: Context) -> None:
    context.set(closed_at=context.now, no_response_possible=True)
    context.note = context.data["reason"]
    _first_action(context)


def _reopen(context: Context) -> None:
    context.set(closed_at=None, no_response_possible=False)
    context.note = context.data["reason"]


def _record(context: Context, from_status: str) -> None:
    events.moved(
        context.obj,
        context.user,
        context.transition.action,
        from_status,
        context.note,
        context.now,
    )


# What a ticket's timeline records outside the table, by action code.
TIMELINE_ACTIONS = {"received": _("Received"), "sensitivity": _("Sensitivity changed")}

TICKET_WORKFLOW = Workflow(
    name="ticket",
    model=Ticket,
    state_field="status",
    permits=permits,
    record=_record,
    transitions=(
        Transition(
            "assign",
            _("Assign"),
            OPEN_STATUSES,
            T.ASSIGNED,
            TICKET_HANDLERS,
            form=AssignForm,
            step=_assign,
        ),
        Transition(
            "start",
            _("Start work"),
            frozenset({T.NEW, T.ASSIGNED}),
            T.IN_PROGRESS,
            TICKET_HANDLERS,
            step=_first_action,
        ),
        Transition(
            "respond",
            _("Record the response given"),
            OPEN_STATUSES,
            T.RESPONDED,
            TICKET_HANDLERS,
            form=ResponseForm,
            step=_respond,
        ),
        Transition(
            "close", _("Close"), frozenset({T.RESPONDED}), T.CLOSED, TICKET_HANDLERS, step=_close
        ),
        Transition(
            "close_unanswerable",
            _("Close: anonymous, no way to respond"),
            OPEN_STATUSES,
            T.CLOSED,
            TICKET_HANDLERS,
            guards=(is_anonymous,),
            form=ReasonForm,
            step=_close_unanswerable,
        ),
        Transition(
            "reopen",
            _("Reopen"),
            frozenset({T.RESPONDED, T.CLOSED}),
            T.IN_PROGRESS,
            TICKET_HANDLERS,
            form=ReasonForm,
            step=_reopen,
        ),
    ),
)
