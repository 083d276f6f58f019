"""The round lifecycle: draft → validated → published, and back to draft with a written reason.

One table run by the shared workflow engine, for the round page, the API, the
`transition_round` command and the demo alike. Only published rounds reach the people outside
the IM unit (see `access.rounds_visible_to`), so publishing is what releases a round's figures,
and reopening withdraws them until the round is published again.
"""

from __future__ import annotations

import logging

from django import forms
from django.utils.translation import gettext_lazy as _

from masar.accounts.choices import TRACKING_MANAGERS
from masar.core.workflow import Context, Transition, TransitionForm, Workflow

from . import events
from .access import permits
from .choices import EmergencyStatus, RoundStatus
from .models import EmergencyEvent, Round
from .queries import has_figures

S = RoundStatus


class ReopenForm(TransitionForm):
    """Reopening withdraws figures others may have used: the reason stays on the timeline."""

    reason = forms.CharField(
        label=_("Why reopen the round"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for reopening the round.")},
    )


def figures_are_imported(context: Context) -> str | None:
    if not has_figures(context.obj):
        return str(_("figures imported into the round"))
    return None


def _reopen(context: Context) -> None:
    context.note = context.data["reason"]


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
            guards=(figures_are_imported,),
        ),
        Transition(
            "publish", _("Publish"), frozenset({S.VALIDATED}), S.PUBLISHED, TRACKING_MANAGERS
        ),
        Transition(
            "reopen",
            _("Reopen as draft"),
            frozenset({S.VALIDATED, S.PUBLISHED}),
            S.DRAFT,
            TRACKING_MANAGERS,
            form=ReopenForm,
            step=_reopen,
        ),
    ),
)


logger = logging.getLogger(__name__)


def _emergency_moved(context: Context, from_status: str) -> None:
    """An emergency's status change goes to the log (ids only): the event has no timeline."""
    logger.info(
        "emergency %s %s: %s -> %s by user %s",
        context.obj.uid,
        context.transition.action,
        from_status,
        context.obj.status,
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
