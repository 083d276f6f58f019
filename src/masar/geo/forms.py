"""The place picker's form field: a place chosen by typing its name, P-code or ID."""

from __future__ import annotations

from django import forms
from django.db.models import Model, QuerySet
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .places import Kind, default_queryset, describe, key_of, resolve_place

HELP = {
    "location": _("Type part of the name in Arabic, Kurdish or English, or the location ID."),
    "site": _("Type part of the site's name or its site ID."),
    "area": _("Type part of the name or the P-code."),
}


class PlaceInput(forms.TextInput):
    """A text box the picker script turns into a list of suggestions; plain search without it."""

    def __init__(self, kind: Kind, attrs=None):
        self.kind = kind
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]["attrs"]
        widget.setdefault("autocomplete", "off")
        widget["data-place-search"] = f"{reverse_lazy('geo:places')}?kind={self.kind}"
        return context

    def format_value(self, value):
        if isinstance(value, Model):
            return describe(value).label
        return super().format_value(value)


class PlaceField(forms.Field):
    """A location, site or administrative area, resolved from what was typed or picked.

    Several matches are not guessed between: the error lists them with their IDs, so that the
    form works as a search without JavaScript and the worker picks the right "Al-Qayyarah".
    """

    def __init__(
        self,
        kind: Kind = "location",
        queryset: QuerySet | None = None,
        *,
        as_key: bool = False,
        **kwargs,
    ):
        self.kind = kind
        # `as_key`: clean to the place's ID or P-code, for actions that take the ID as a file does.
        self.as_key = as_key
        self.queryset = queryset if queryset is not None else default_queryset(kind)
        kwargs.setdefault("widget", PlaceInput(kind))
        kwargs.setdefault("help_text", HELP[kind])
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if value is not None and not isinstance(value, (Model, str)):
            obj = self.queryset.filter(pk=value).first()
            return describe(obj).label if obj is not None else value
        return value

    def to_python(self, value):
        if isinstance(value, Model) or value in self.empty_values:
            return value if isinstance(value, Model) else None
        resolution = resolve_place(str(value), self.kind, self.queryset)
        if resolution.place is not None:
            return key_of(resolution.place) if self.as_key else resolution.place
        if not resolution.matches:
            raise forms.ValidationError(
                _("No place matches “%(text)s”."), code="no_match", params={"text": value}
            )
        raise forms.ValidationError(
            _("Several places match: %(choices)s. Type the ID of the one you mean."),
            code="ambiguous",
            params={"choices": "; ".join(m.label for m in resolution.matches)},
        )
