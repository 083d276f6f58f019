"""The referral lifecycle: one table of transitions, run by the shared workflow engine.

The receiving organisation's partner focal point answers the referral and records the service;
the sender (a case role reaching the household) may withdraw it while it is open. Pages, the
API and the demo all go through `REFERRAL_WORKFLOW.run`, so the rules below hold everywhere.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from masar.accounts.choices import CASE_ACTORS, RECEIVERS
from masar.core.workflow import Context, Transition, TransitionForm, Workflow

from . import events
from .access import permits
from .choices import OPEN_STATUSES, ReferralStatus
from .models import Referral

R = ReferralStatus


class ReasonForm(TransitionForm):
    """Declining, closing without service and withdrawing say why, for the other side."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give a reason.")},
    )


class CompletionForm(TransitionForm):
    """What was delivered and when: the sender closes the loop with the household on it."""

    outcome = forms.CharField(
        label=_("Service delivered"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Describe the service delivered.")},
    )
    service_date = forms.DateField(
        label=_("Delivered on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Give the date the service was delivered.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.context is not None:
            self.fields["service_date"].initial = self.context.today

    def clean_service_date(self):
        day = self.cleaned_data["service_date"]
        if day > self.context.today:
            raise forms.ValidationError(_("The service date is in the future."))
        if day < timezone.localdate(self.context.obj.sent_at):
            raise forms.ValidationError(_("The service date is before the referral was sent."))
        return day


def _accept(context: Context) -> None:
    context.set(accepted_at=context.now)


def _finish_with_reason(context: Context) -> None:
    reason = context.data["reason"]
    context.set(finished_at=context.now, status_reason=reason)
    context.note = reason


def _complete(context: Context) -> None:
    outcome = context.data["outcome"]
    context.set(finished_at=context.now, outcome=outcome, service_date=context.data["service_date"])
    context.note = outcome


def _record(context: Context, from_status: str) -> None:
    events.moved(
        context.obj,
        context.user,
        context.transition.action,
        from_status,
        context.note,
        context.now,
    )


ANSWERED = frozenset({R.ACCEPTED, R.IN_PROGRESS})

# What a referral's timeline records outside the table, by action code.
TIMELINE_ACTIONS = {"send": _("Send referral")}

REFERRAL_WORKFLOW = Workflow(
    name="referral",
    model=Referral,
    state_field="status",
    permits=permits,
    record=_record,
    transitions=(
        Transition("accept", _("Accept"), frozenset({R.SENT}), R.ACCEPTED, RECEIVERS, step=_accept),
        Transition(
            "decline",
            _("Decline"),
            frozenset({R.SENT}),
            R.DECLINED,
            RECEIVERS,
            form=ReasonForm,
            step=_finish_with_reason,
        ),
        Transition("start", _("Start service"), frozenset({R.ACCEPTED}), R.IN_PROGRESS, RECEIVERS),
        Transition(
            "complete",
            _("Record service delivered"),
            ANSWERED,
            R.COMPLETED,
            RECEIVERS,
            form=CompletionForm,
            step=_complete,
        ),
        Transition(
            "close_without_service",
            _("Close without service"),
            ANSWERED,
            R.CLOSED_NO_SERVICE,
            RECEIVERS,
            form=ReasonForm,
            step=_finish_with_reason,
        ),
        Transition(
            "withdraw",
            _("Withdraw referral"),
            OPEN_STATUSES,
            R.WITHDRAWN,
            CASE_ACTORS,
            form=ReasonForm,
            step=_finish_with_reason,
        ),
    ),
)
