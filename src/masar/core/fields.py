"""Form fields that take JSON from the API as safely as text from a page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms


class IsoDateField(forms.DateField):
    """A date written `YYYY-MM-DD` only (`31/12/2026` is read differently across languages),
    refusing numbers and objects instead of failing on them."""

    input_formats = ["%Y-%m-%d"]

    def to_python(self, value: Any) -> date | None:
        if value not in self.empty_values and not isinstance(value, str | date):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)
