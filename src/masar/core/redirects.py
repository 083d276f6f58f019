"""Where a form goes once it is done: the page it came from, never another site."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, default: str) -> HttpResponseRedirect:
    """Redirect to the request's `next` when it stays on this site (same host, and HTTPS when
    the request is), else to `default` (a URL name or path): a crafted link must not send a
    signed-in user to a look-alike page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return redirect(default)
