"""Send a signed-in user who owes a second factor to the code step before any page.

A user who enrolled an authenticator, or who holds a role in TWO_FACTOR_REQUIRED_ROLES, has
signed in with a password only until django-otp marks the session verified. Until then every
page but signing in and out, the two-factor steps, the language switch and static files
redirects there. API calls with a token never meet this: the token is their credential.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from .queries import confirmed_device, two_factor_required

EXEMPT_VIEWS = frozenset(
    {"login", "logout", "set_language", "accounts:two_factor_enrol", "accounts:two_factor_verify"}
)


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()  # type: ignore[union-attr]
            and not self._exempt(request.path_info)
        ):
            if confirmed_device(user) is not None:
                return self._redirect("accounts:two_factor_verify", request)
            if two_factor_required(user):
                return self._redirect("accounts:two_factor_enrol", request)
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        if path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return True
        try:
            return resolve(path).view_name in EXEMPT_VIEWS
        except Resolver404:
            return False

    @staticmethod
    def _redirect(view_name: str, request: HttpRequest) -> HttpResponseRedirect:
        # The path only: a query string may hold a search, which has no place in a URL.
        return HttpResponseRedirect(f"{reverse(view_name)}?{urlencode({'next': request.path})}")
