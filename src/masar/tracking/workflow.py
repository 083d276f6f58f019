"""The round lifecycle: draft → validated → published → withdrawn, and back to draft.

One table run by the shared workflow engine, for the round page, the API, the
`transition_round` command and the demo alike. An IM officer acknowledges each plausibility
warning of the round's imports (or fixes the figures) and validates it; a second person
publishes it, optionally under embargo until a date; a published round can be withdrawn with
a written reason, and a withdrawn or validated round reopened as draft. Only published rounds
past their embargo reach the people outside the IM unit and what is built for them (see
`access.released_rounds`), so publishing releases a round's figures and withdrawing takes them
back. Every step goes on the round's timeline with who, when and why.
"""

from __future__ import annotations

import logging

from django import forms
from django.utils.translation import gettext_lazy as _

from masar.accounts.choices import TRACKING_MANAGERS
from masar.core.workflow import Context, Transition, TransitionForm, Workflow

from . import events, queries
from .access import permits
from .choices import EmergencyPublication, EmergencyStatus, RoundStatus
from .models import EmergencyEvent, Round, WarningAcknowledgement

S = RoundStatus


class ReopenForm(TransitionForm):
    """Reopening withdraws figures others may have used: the reason stays on the timeline."""

    reason = forms.CharField(
        label=_("Why reopen the round"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for reopening the round.")},
    )


class WithdrawForm(TransitionForm):
    """Withdrawing takes back figures others may have used: the reason stays on the timeline."""

    reason = forms.CharField(
        label=_("Why withdraw the round"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for withdrawing the round.")},
    )


class PublishForm(TransitionForm):
    """Publishing may hold the round back from everyone outside the IM unit until a date."""

    embargo_until = forms.DateField(
        label=_("Embargoed until (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_embargo_until(self):
        day = self.cleaned_data.get("embargo_until")
        if day is not None and self.context is not None and day <= self.context.today:
            raise forms.ValidationError(
                _("An embargo ends on a day after today; leave it empty to release at once."),
                code="past",
            )
        return day


class AcknowledgeForm(TransitionForm):
    """One plausibility warning, checked: the note says why the figures stand."""

    warning = forms.ChoiceField(
        label=_("Warning"),
        error_messages={"invalid_choice": _("This warning is not open on this round.")},
    )
    note = forms.CharField(
        label=_("Why the figures stand"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the figures stand despite the warning.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        open_ = queries.unacknowledged_warnings(self.context.obj) if self.context else []
        self.fields["warning"].choices = [(w["key"], w["warning"]["reason"]) for w in open_]
        self.open_warnings = {w["key"]: w for w in open_}

    def action_data(self):
        data = super().action_data()
        data["warning"] = self.open_warnings[data["warning"]]
        return data


def figures_are_imported(context: Context) -> str | None:
    if not queries.has_figures(context.obj):
        return str(_("figures imported into the round"))
    return None


def warnings_are_acknowledged(context: Context) -> str | None:
    """Every plausibility warning of the round's imports acknowledged by an IM officer."""
    left = len(queries.unacknowledged_warnings(context.obj))
    if left:
        return str(_("every plausibility warning acknowledged (%(n)s left)") % {"n": left})
    return None


def a_warning_is_open(context: Context) -> str | None:
    if not queries.unacknowledged_warnings(context.obj):
        return str(_("a plausibility warning to acknowledge"))
    return None


def not_the_validator(context: Context) -> str | None:
    """Two people release a round: whoever validated it (read from its timeline) does not
    also publish it."""
    validated = queries.last_step(context.obj, "validate")
    if validated is not None and validated.actor_id == context.user.pk:
        return str(
            _("a second person: %(name)s validated the round and cannot also publish it")
            % {"name": validated.actor.get_username()}
        )
    return None


def _with_reason(context: Context) -> None:
    context.note = context.data["reason"]


def _publish(context: Context) -> None:
    day = context.data.get("embargo_until")
    context.set(embargo_until=day)
    if day is not None:
        context.note = str(_("Embargoed until %(day)s") % {"day": day.isoformat()})


def _acknowledge(context: Context) -> None:
    warning = context.data["warning"]
    WarningAcknowledgement.objects.create(
        batch=warning["batch"],
        index=warning["index"],
        actor=context.user,
        at=context.now,
        note=context.data["note"],
    )
    context.note = f"{warning['warning']['reason']}: {context.data['note']}"


def _record(context: Context, from_status: str) -> None:
    events.round_moved(
        context.obj,
        context.user,
        context.transition.action,
        from_status,
        context.note,
        context.now,
    )


ROUND_WORKFLOW = Workflow(
    name="round",
    model=Round,
    state_field="status",
    permits=permits,
    record=_record,
    transitions=(
        Transition(
            "validate",
            _("Validate"),
            frozenset({S.DRAFT}),
            S.VALIDATED,
            TRACKING_MANAGERS,
            guards=(figures_are_imported, warnings_are_acknowledged),
        ),
        Transition(
            "publish",
            _("Publish"),
            frozenset({S.VALIDATED}),
            S.PUBLISHED,
            TRACKING_MANAGERS,
            # An import into a validated round brings its own warnings: they hold it back too.
            guards=(not_the_validator, warnings_are_acknowledged),
            form=PublishForm,
            step=_publish,
        ),
        Transition(
            "withdraw",
            _("Withdraw"),
            frozenset({S.PUBLISHED}),
            S.WITHDRAWN,
            TRACKING_MANAGERS,
            form=WithdrawForm,
            step=_with_reason,
        ),
        Transition(
            "reopen",
            _("Reopen as draft"),
            frozenset({S.VALIDATED, S.WITHDRAWN}),
            S.DRAFT,
            TRACKING_MANAGERS,
            form=ReopenForm,
            step=_with_reason,
        ),
        # Not a move: the round stays a draft, and the acknowledgement goes on its timeline.
        Transition(
            "acknowledge",
            _("Acknowledge"),
            frozenset({S.DRAFT}),
            S.DRAFT,
            TRACKING_MANAGERS,
            guards=(a_warning_is_open,),
            form=AcknowledgeForm,
            step=_acknowledge,
        ),
    ),
)


logger = logging.getLogger(__name__)


def _emergency_moved(context: Context, from_state: str) -> None:
    """An emergency's status or publication change goes to the log (ids only, never the reason
    typed): the event has no timeline."""
    logger.info(
        "emergency %s %s: %s -> %s by user %s",
        context.obj.uid,
        context.transition.action,
        from_state,
        context.transition.target,
        context.user.pk,
    )


# An emergency is active until a tracking manager closes it; a payload never sets its status.
EMERGENCY_WORKFLOW = Workflow(
    name="emergency",
    model=EmergencyEvent,
    state_field="status",
    version_field=None,
    permits=permits,
    record=_emergency_moved,
    transitions=(
        Transition(
            "close",
            _("Close the emergency"),
            frozenset({EmergencyStatus.ACTIVE}),
            EmergencyStatus.CLOSED,
            TRACKING_MANAGERS,
        ),
        Transition(
            "reopen",
            _("Reopen the emergency"),
            frozenset({EmergencyStatus.CLOSED}),
            EmergencyStatus.ACTIVE,
            TRACKING_MANAGERS,
        ),
    ),
)


class WithdrawEventForm(TransitionForm):
    """Withdrawing takes figures off the public dashboard: the reason is asked for, as for a
    round, so that nobody withdraws by a stray click."""

    reason = forms.CharField(
        label=_("Why withdraw the emergency's figures"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for withdrawing the figures.")},
    )


def updates_are_recorded(context: Context) -> str | None:
    if not context.obj.updates.exists():
        return str(_("at least one update recorded"))
    return None


def _publish_event(context: Context) -> None:
    context.set(published_at=context.now)


P = EmergencyPublication

# Publishing an emergency puts its cumulative figures (location-level aggregates, no personal
# data) on the public dashboard; withdrawing takes them off. Apart from the status table above:
# an emergency is published while it unfolds, and stays published once closed.
EMERGENCY_PUBLICATION = Workflow(
    name="emergency publication",
    model=EmergencyEvent,
    state_field="publication",
    version_field=None,
    permits=permits,
    record=_emergency_moved,
    transitions=(
        Transition(
            "publish",
            _("Publish the figures"),
            frozenset({P.INTERNAL, P.WITHDRAWN}),
            P.PUBLISHED,
            TRACKING_MANAGERS,
            guards=(updates_are_recorded,),
            step=_publish_event,
        ),
        Transition(
            "withdraw",
            _("Withdraw the figures"),
            frozenset({P.PUBLISHED}),
            P.WITHDRAWN,
            TRACKING_MANAGERS,
            form=WithdrawEventForm,
        ),
    ),
)

EMERGENCY_WORKFLOWS = (EMERGENCY_WORKFLOW, EMERGENCY_PUBLICATION)


def emergency_workflow(action: str) -> Workflow:
    """The table an emergency's action belongs to (status or publication; actions are unique
    across the two), for the page, the API and the demo alike."""
    for workflow in EMERGENCY_WORKFLOWS:
        if workflow.find(action) is not None:
            return workflow
    return EMERGENCY_WORKFLOW
