"""Permission-checked lookups of API tokens: a user reaches only their own."""

from __future__ import annotations

from uuid import UUID

from django.shortcuts import get_object_or_404

from .models import ApiToken


def get_own_api_token(user, uid: UUID) -> ApiToken:
    """The user's token `uid`; another user's token answers 404, as if it did not exist.
    Administrators revoke other users' tokens on the admin site."""
    return get_object_or_404(ApiToken, uid=uid, user=user)
