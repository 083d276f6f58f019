"""Error answers: JSON for the API, pages in the site's layout and the user's language for
everyone else. The 500 page tries the layout too; when drawing it fails as well (the database
or the request's context may be exactly what broke), it falls back to a page that needs
neither, still in the user's language."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MESSAGES = {
    400: (gettext_lazy("Bad request"), gettext_lazy("The request could not be understood.")),
    403: (
        gettext_lazy("Not allowed"),
        gettext_lazy("Your role does not allow this. Ask your supervisor if you need it."),
    ),
    404: (
        gettext_lazy("Not found"),
        gettext_lazy("There is nothing here, or it is outside the places you work in."),
    ),
    429: (
        gettext_lazy("Too many requests"),
        gettext_lazy("Please wait a few minutes and try again."),
    ),
    500: (
        gettext_lazy("Something went wrong"),
        gettext_lazy(
            "The error was recorded. Please try again in a moment; if it happens again, tell "
            "your administrator the time it happened."
        ),
    ),
}

logger = logging.getLogger(__name__)


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


# A form refused by the CSRF check: nearly always one left open past the session's end.
FORM_EXPIRED = (
    gettext_lazy("Form expired"),
    gettext_lazy(
        "The form was open too long or came from another site. Go back, reload the page and "
        "send it again."
    ),
)


def error_response(
    request: HttpRequest, status: int, text: tuple[str, str] | None = None
) -> HttpResponse:
    title, message = text or MESSAGES[status]
    if is_api(request):
        return JsonResponse({"detail": str(title)}, status=status)
    html = loader.render_to_string(
        "errors/error.html",
        {"status": status, "title": title, "message": message},
        request=request,
    )
    return HttpResponse(html, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Answer in the site's layout: Django's own page styles itself inline, which the
    Content-Security-Policy blocks. The reason goes to the `django.security.csrf` log only."""
    return error_response(request, 403, FORM_EXPIRED)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 404)


def too_many_requests(request: HttpRequest) -> HttpResponse:
    return error_response(request, 429)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": _("Server error.")}, status=500)
    try:
        return error_response(request, 500)
    except Exception:
        # Whatever broke the page may break the layout too (the database for the menu, a
        # template): the plain page needs no database and no request.
        logger.exception("The error page could not be drawn in the site's layout")
    title, message = MESSAGES[500]
    html = loader.get_template("errors/500.html").render({"title": title, "message": message})
    return HttpResponse(html, status=500)
