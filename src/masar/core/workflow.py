"""The one workflow engine: every state change of a case, referral, ticket or round runs here.

A `Workflow` is a table of `Transition`s for one model. A transition declares its action, label,
source states, target state, the roles that may take it, the guards that must hold first, the
form that validates its input (the same form for pages, the API and commands) and the step that
does its work. `Workflow.run` is the only way through: it locks the row, checks the state, the
user's right to act on this very record (asked of the app's access module, so scope is never
re-implemented here), the guards and the input, runs the step, saves the changed fields with a
new version and writes the event. Pages, the API, commands and the demo all call `run`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _


class Stale(ValidationError):
    """The record changed since the form was opened."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "This record was changed by someone else since you opened it. "
                "Reload the page to see the changes, then try again."
            ),
            code="stale",
        )


class GuardsUnmet(ValidationError):
    """A transition's guards are not met; `missing` names each gap."""

    def __init__(self, label: str, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(
            _("%(action)s needs: %(missing)s.") % {"action": label, "missing": "; ".join(missing)},
            code="guards",
        )


class InvalidInput(ValidationError):
    """The transition's form refused the input; `form` holds the errors per field."""

    def __init__(self, form: forms.Form) -> None:
        self.form = form
        super().__init__(
            {name: list(errors) for name, errors in form.errors.items()}, code="invalid"
        )


class TransitionForm(forms.Form):
    """Base of transition input forms: knows the record and the acting user, so cross-field
    rules can read them. `prepare` turns the API's nested JSON into the form's flat fields."""

    def __init__(self, data: Mapping | None = None, *, context: Context | None = None, **kwargs):
        super().__init__(self.prepare(data) if data is not None else None, **kwargs)
        self.context = context

    def prepare(self, data: Mapping) -> Mapping:
        return data

    def action_data(self) -> dict[str, Any]:
        """What the step receives; by default the cleaned fields."""
        return dict(self.cleaned_data)


@dataclass
class Context:
    """One run of a transition: who, on what, with which cleaned input, when."""

    user: Any
    obj: Any
    transition: Transition
    today: date
    now: datetime
    data: dict[str, Any] = field(default_factory=dict)
    payload: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    changed: list[str] = field(default_factory=list)

    def set(self, **values: Any) -> None:
        """Change fields of the record; only these (and state, version) are saved."""
        for name, value in values.items():
            setattr(self.obj, name, value)
            if name not in self.changed:
                self.changed.append(name)


Guard = Callable[[Context], "str | None"]
Step = Callable[[Context], None]


@dataclass(frozen=True)
class Transition:
    action: str
    label: Any
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    guards: tuple[Guard, ...] = ()
    form: type[TransitionForm] | None = None
    step: Step | None = None
    # Guards that read the input (run after the form is valid, so not listed in advance).
    input_guards: tuple[Guard, ...] = ()


@dataclass(frozen=True)
class Option:
    """A transition open to a user from the record's state, with what is still missing."""

    action: str
    label: Any
    missing: list[str]
    transition: Transition


Permits = Callable[[Any, Any, frozenset[str]], bool]
Record = Callable[[Context, str], None]


@dataclass(frozen=True)
class Workflow:
    """The transitions of one model and how to check and record them.

    `permits(user, obj, roles)` answers whether one of the user's grants carrying one of
    `roles` covers this record; `record(context, from_state)` writes the event.

    A model whose records follow different paths (a household's pathway: return, relocation,
    local integration) declares each path as its own table: `transitions` then holds every
    table's rows (for labels and listings) and `table_for(obj)` names the one a record runs on.
    """

    name: str
    model: type[models.Model]
    transitions: tuple[Transition, ...]
    permits: Permits
    record: Record
    state_field: str = "state"
    version_field: str | None = "version"
    table_for: Callable[[Any], tuple[Transition, ...]] | None = None

    def table(self, obj: Any = None) -> tuple[Transition, ...]:
        """The transitions `obj` may run: its own table, or every row when there is one table
        (or no record to choose by)."""
        if self.table_for is None or obj is None:
            return self.transitions
        return self.table_for(obj)

    def get(self, action: str, obj: Any = None) -> Transition:
        found = self.find(action, obj)
        if found is not None:
            return found
        known = self.find(action)
        if known is not None:
            raise ValidationError(
                _("%(action)s is not a step on this record's path.") % {"action": known.label},
                code="state",
            )
        raise ValidationError(_("Unknown action %(action)s.") % {"action": action}, code="unknown")

    def find(self, action: str, obj: Any = None) -> Transition | None:
        return next((t for t in self.table(obj) if t.action == action), None)

    def label_of(self, action: str, others: Mapping[str, Any] | None = None) -> Any:
        """The label of an action code a timeline stored: its transition's, else one of
        `others` (what happens outside the table, e.g. the record being created), else the
        code (an action since retired)."""
        transition = self.find(action)
        if transition is not None:
            return transition.label
        return (others or {}).get(action, action)

    def labelled(self, events: Iterable[Any], others: Mapping[str, Any] | None = None) -> list:
        """A timeline's events, each given `action_label` and `to_status_label`: what the
        page shows in the reader's language instead of the stored codes."""
        field = self.model._meta.get_field(self.state_field)
        states = dict(getattr(field, "choices", None) or ())
        rows = list(events)
        for event in rows:
            event.action_label = self.label_of(event.action, others)
            event.to_status_label = states.get(event.to_status, event.to_status)
        return rows

    def state_of(self, obj: Any) -> str:
        return getattr(obj, self.state_field)

    def options(self, user: Any, obj: Any, today: date | None = None) -> list[Option]:
        """The transitions the user may take from the record's state, with unmet guards."""
        today = today or timezone.localdate()
        result = []
        # Most transitions share a role set: ask access once per set, not once per transition.
        permitted: dict[frozenset[str], bool] = {}
        for t in self.table(obj):
            if self.state_of(obj) not in t.sources:
                continue
            if t.roles not in permitted:
                permitted[t.roles] = self.permits(user, obj, t.roles)
            if not permitted[t.roles]:
                continue
            context = Context(user, obj, t, today, timezone.now())
            result.append(Option(t.action, t.label, _unmet(t.guards, context), t))
        return result

    def form_for(self, action: str, user: Any, obj: Any, data: Mapping | None = None, **kwargs):
        """The unbound (or bound) input form of `action`, for a page to render."""
        t = self.get(action, obj)
        context = Context(user, obj, t, timezone.localdate(), timezone.now())
        return (t.form or TransitionForm)(data, context=context, **kwargs)

    @transaction.atomic
    def run(
        self,
        user: Any,
        obj: Any,
        action: str,
        data: Mapping | None = None,
        *,
        expected_version: Any = None,
        today: date | None = None,
        now: datetime | None = None,
    ) -> Any:
        """Take `action` on `obj` as `user`; refusals raise PermissionDenied (role or scope)
        or ValidationError (state, version, guards, input). Returns the saved record."""
        t = self.get(action, obj)
        if not self.permits(user, obj, t.roles):
            raise PermissionDenied(_("Your role cannot do this on this record."))
        obj = self.model._default_manager.select_for_update().get(pk=obj.pk)
        # The locked row decides the table: its path may have changed since `obj` was read.
        t = self.get(action, obj)
        version_field = self.version_field or ""
        given = version_field and expected_version not in (None, "")
        if given and _as_int(expected_version) != getattr(obj, version_field):
            raise Stale()
        from_state = self.state_of(obj)
        if from_state not in t.sources:
            raise ValidationError(
                _("%(action)s is not possible from the state “%(state)s”.")
                % {"action": t.label, "state": _display(obj, self.state_field)},
                code="state",
            )
        now = now or timezone.now()
        context = Context(user, obj, t, today or timezone.localdate(now), now)
        missing = _unmet(t.guards, context)
        if missing:
            raise GuardsUnmet(str(t.label), missing)
        form = (t.form or TransitionForm)(data or {}, context=context)
        if not form.is_valid():
            raise InvalidInput(form)
        context.data = form.action_data()
        missing = _unmet(t.input_guards, context)
        if missing:
            raise GuardsUnmet(str(t.label), missing)
        if t.step is not None:
            t.step(context)
        context.set(**{self.state_field: t.target})
        if self.version_field:
            context.set(**{self.version_field: getattr(obj, self.version_field) + 1})
        if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
            context.set(updated_at=now)
        obj.save(update_fields=context.changed)
        self.record(context, from_state)
        return obj


def _unmet(guards: tuple[Guard, ...], context: Context) -> list[str]:
    return [missing for guard in guards if (missing := guard(context))]


def _as_int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("The version must be a whole number."), code="invalid") from exc


def _display(obj: Any, name: str) -> str:
    getter = getattr(obj, f"get_{name}_display", None)
    return str(getter()) if getter else str(getattr(obj, name))
