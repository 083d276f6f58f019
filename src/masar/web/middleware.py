"""Keep every response to a signed-in user out of browser and proxy caches.

Pages and API answers to a signed-in user carry case files, names and figures scoped to that
user: a shared proxy must never serve them to someone else, and the browser must not keep them
on disk for the back button of whoever uses the machine next. Static files never get here
(WhiteNoise answers them first), and anonymous pages such as sign-in stay cacheable.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_vary_headers


class NoStoreWhenSignedInMiddleware:
    """Mark responses to an authenticated user `Cache-Control: no-store` and `Vary: Cookie`.

    It reads the user after the view ran, so an API token authenticated by the REST framework
    (which sets the user on the request during the view) counts as signed in too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Replaces whatever a view set: no directive may let a copy be kept.
            response["Cache-Control"] = "no-store"
            patch_vary_headers(response, ("Cookie",))
        return response
