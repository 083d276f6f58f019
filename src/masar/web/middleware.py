"""Keep every response to a signed-in user out of browser and proxy caches.

Pages and API answers to a signed-in user carry case files, names and figures scoped to that
user: a shared proxy must never serve them to someone else, and the browser must not keep them
on disk for the back button of whoever uses the machine next. Static files never get here
(WhiteNoise answers them first), and anonymous pages such as sign-in stay cacheable.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_vary_headers

from masar.web.errors import error_response

FORM_BODIES = ("application/x-www-form-urlencoded", "multipart/form-data")


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


class IdleSessionTimeoutMiddleware:
    """Sign out a user whose last request is older than `MASAR_SESSION_IDLE_MINUTES`.

    `SESSION_COOKIE_AGE` with `SESSION_SAVE_EVERY_REQUEST` would also expire idle sessions, but
    it writes the session on every request, static or not, and leaves no trace of why the user
    was signed out. The last-seen instant stored here is rewritten at most once a minute (so an
    idle limit holds to within a minute): a page that loads its form, lists and images at once
    would otherwise write the same session row from every one of those requests, and on SQLite
    concurrent writers of one row can fail each other. The user lands on the sign-in page with
    `next` set."""

    SESSION_KEY = "masar_last_seen"
    REFRESH_SECONDS = 60

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(self.SESSION_KEY)
            idle_limit = settings.MASAR_SESSION_IDLE_MINUTES * 60
            if last_seen is not None and now - float(last_seen) > idle_limit:
                logout(request)
                return redirect_to_login(request.get_full_path())
            if last_seen is None or now - float(last_seen) >= self.REFRESH_SECONDS:
                request.session[self.SESSION_KEY] = now
        return self.get_response(request)


class RefuseNulCharactersMiddleware:
    """Answer 400 to a path, query or form field holding a NUL character.

    No text a person types holds one, and PostgreSQL refuses it in any text column: passed on
    to a lookup (`?q=`, a case number in the path, a picked place) it would fail as a server
    error, or be stored where SQLite is used. Checked once here for every page and API door;
    JSON bodies are checked by the API's own fields."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        values = [request.path, *request.GET.keys(), *_values(request.GET)]
        # A chunked body (no Content-Length) is left unread: the collection door decodes it
        # itself, and parsing it here would leave that door an empty form.
        has_length = bool(request.META.get("CONTENT_LENGTH"))
        if request.method == "POST" and request.content_type in FORM_BODIES and has_length:
            values += [*request.POST.keys(), *_values(request.POST)]
        if any("\x00" in value for value in values):
            return error_response(request, 400)
        return self.get_response(request)


def _values(query) -> list[str]:
    return [value for key in query for value in query.getlist(key)]
