"""Reads of API tokens."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import ApiToken


def list_api_tokens(user) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first (expired ones included until knox removes them)."""
    return ApiToken.objects.filter(user=user).order_by("-created")
