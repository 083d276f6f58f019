"""API fields for codes that name a record (a site's ID, a P-code), refusing what no code holds."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from rest_framework import serializers


class CodeField(serializers.SlugRelatedField):
    """A record named by its code. A NUL character is refused as invalid input before the
    lookup, which PostgreSQL would otherwise fail on as a server error (the REST framework's
    text fields refuse it; its related fields do not)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str):
            try:
                ProhibitNullCharactersValidator()(data)
            except ValidationError as error:
                raise serializers.ValidationError(error.messages) from error
        return super().to_internal_value(data)
