"""`Authorization: Token …` authentication by knox, noting when each token was last used."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from knox import auth

# A busy client would otherwise write its token's row on every request.
LAST_USE_PRECISION = timedelta(minutes=1)


class TokenAuthentication(auth.TokenAuthentication):
    """knox's authentication (digest lookup, expiry, inactive users refused), and the time of use
    that the token list shows its owner, to the minute."""

    def validate_user(self, auth_token):
        user, token = super().validate_user(auth_token)
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USE_PRECISION:
            token.last_used_at = now
            token.save(update_fields=["last_used_at"])
        return user, token
