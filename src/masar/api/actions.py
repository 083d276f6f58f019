"""Writes on API tokens: make one (its clear text returned once, never stored), revoke one."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction

from .models import ApiToken


@transaction.atomic
def create_api_token(user, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """Make a token for `user` expiring after `days` (default MASAR_API_TOKEN_DAYS); return the
    row and the token itself, which the caller shows once: only its digest is kept."""
    days = settings.MASAR["API_TOKEN_DAYS"] if days is None else days
    if days < 1:
        raise ValueError("an API token lasts at least one day")
    return ApiToken.objects.create(user=user, expiry=timedelta(days=days), name=name)


@transaction.atomic
def revoke_api_token(token: ApiToken) -> None:
    """Delete the token: the next request carrying it is refused (401)."""
    token.delete()
