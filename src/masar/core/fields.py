"""Form fields that take input as people type it: JSON from the API as safely as text from a
page, numbers in Arabic-Indic (١٩٨٥) or Extended Arabic-Indic (۱۹۸۵) digits as in ASCII ones.

Every numeric field of every form comes from here: the plain `forms.IntegerField`'s number box
(`<input type="number">`) drops digits a browser does not call ASCII, and its parsing knows
neither the Arabic decimal separator (٫) nor the thousands one (٬).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db import models
from django.forms.models import BaseModelForm, ModelFormMetaclass

from masar.lib.digits import ascii_number


class IsoDateField(forms.DateField):
    """A date written `YYYY-MM-DD` only (`31/12/2026` is read differently across languages),
    refusing numbers and objects instead of failing on them."""

    input_formats = ["%Y-%m-%d"]

    def to_python(self, value: Any) -> date | None:
        if value not in self.empty_values and not isinstance(value, str | date):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class NumberInput(forms.TextInput):
    """A text box for a number: the phone shows its number keypad, and whatever digits it types
    reach the server (a `type="number"` box would empty itself on ١٩٨٥)."""

    def __init__(self, attrs: dict[str, Any] | None = None, *, decimal: bool = False):
        super().__init__({"inputmode": "decimal" if decimal else "numeric", **(attrs or {})})


class _TypedDigits:
    """Read the number in ASCII digits before the field parses it."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = ascii_number(value)
        return super().to_python(value)  # type: ignore[misc]


class IntegerField(_TypedDigits, forms.IntegerField):
    widget = NumberInput


class DecimalField(_TypedDigits, forms.DecimalField):
    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("widget", NumberInput(decimal=True))
        super().__init__(*args, **kwargs)


class FloatField(_TypedDigits, forms.FloatField):
    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("widget", NumberInput(decimal=True))
        super().__init__(*args, **kwargs)


def formfield(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """A model field's form field, with the numeric fields above in place of Django's."""
    if not db_field.choices:
        if isinstance(db_field, models.DecimalField):
            kwargs.setdefault("form_class", DecimalField)
        elif isinstance(db_field, models.FloatField):
            kwargs.setdefault("form_class", FloatField)
        elif isinstance(db_field, models.IntegerField) and not isinstance(
            db_field, models.AutoField | models.BigAutoField | models.SmallAutoField
        ):
            kwargs.setdefault("form_class", IntegerField)
    return db_field.formfield(**kwargs)


class _ModelFormMetaclass(ModelFormMetaclass):
    """Give each model form's `Meta` the callback above (Django reads it from the form's own
    `Meta` only, which a subclass's `Meta` does not inherit)."""

    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(formfield)
        return super().__new__(mcs, name, bases, attrs)


class ModelForm(BaseModelForm, metaclass=_ModelFormMetaclass):
    """The base of every model form: its numeric fields read any script's digits."""
