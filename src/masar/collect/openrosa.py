"""The OpenRosa 1.0 server ODK Collect and Enketo talk to: form list, form and media download,
manifest, submission.

Devices sign in with HTTP Basic and a per-device collection credential (the user's username and
the device secret), never with a session, which is why these views, and only these, are exempt
from CSRF: a browser cookie gives them nothing. Every answer carries `X-OpenRosa-Version: 1.0`
and `Date`, as the OpenRosa HTTP Request API asks.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
from collections.abc import Callable
from functools import wraps
from xml.sax.saxutils import escape

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from . import access, actions, applying, queries

OPENROSA_VERSION = "1.0"
REALM = "Masar"
XML = "text/xml; charset=utf-8"


def _headers(response: HttpResponse) -> HttpResponse:
    response["X-OpenRosa-Version"] = OPENROSA_VERSION
    response["Date"] = http_date()
    return response


def envelope(message: str, status: int, nature: str = "") -> HttpResponse:
    """The OpenRosa response envelope, the body ODK Collect shows the enumerator."""
    attribute = f' nature="{nature}"' if nature else ""
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<OpenRosaResponse xmlns="http://openrosa.org/http/response">'
        f"<message{attribute}>{escape(message)}</message></OpenRosaResponse>"
    )
    return HttpResponse(body, status=status, content_type=XML)


def _challenge() -> HttpResponse:
    response = envelope(_("Sign in with your device credential."), 401)
    response["WWW-Authenticate"] = f'Basic realm="{REALM}", charset="UTF-8"'
    return response


def _basic_credentials(request: HttpRequest) -> tuple[str, str] | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _space, value = header.partition(" ")
    if scheme.lower() != "basic" or not value:
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    username, colon, secret = decoded.partition(":")
    return (username, secret) if colon else None


def openrosa(view: Callable) -> Callable:
    """Authenticate the device, then answer with the OpenRosa headers whatever happens."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        given = _basic_credentials(request)
        credential = actions.authenticate_device(*given) if given else None
        if credential is None:
            return _headers(_challenge())
        request.user = credential.user
        request.collection_credential = credential  # type: ignore[attr-defined]
        return _headers(view(request, *args, **kwargs))

    return wrapper


def _md5(data: bytes) -> str:
    return "md5:" + hashlib.md5(data, usedforsecurity=False).hexdigest()


@openrosa
def form_list(request: HttpRequest) -> HttpResponse:
    """The forms this user may fill (OpenRosa Form List API), optionally only `formID`."""
    if request.method != "GET":
        return envelope(_("Use GET."), 405)
    wanted = request.GET.get("formID")
    verbose = request.GET.get("verbose", "").lower() == "true"
    entries = []
    for form in queries.questionnaires_for(request.user):
        if wanted and form.form_id != wanted:
            continue
        xform = form.xform().encode()
        download = request.build_absolute_uri(reverse("collect:form", args=[form.form_id]))
        parts = [
            f"<formID>{escape(form.form_id)}</formID>",
            f"<name>{escape(form.title_en)}</name>",
            f"<version>{escape(form.version)}</version>",
            f"<hash>{_md5(xform)}</hash>",
        ]
        if verbose:
            description = str(queries.q.DESCRIPTIONS[form.name])
            parts.append(f"<descriptionText>{escape(description)}</descriptionText>")
        parts.append(f"<downloadUrl>{escape(download)}</downloadUrl>")
        if form.attachments:
            manifest = request.build_absolute_uri(reverse("collect:manifest", args=[form.form_id]))
            parts.append(f"<manifestUrl>{escape(manifest)}</manifestUrl>")
        entries.append("<xform>" + "".join(parts) + "</xform>")
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xforms xmlns="http://openrosa.org/xforms/xformsList">' + "".join(entries) + "</xforms>"
    )
    return HttpResponse(body, content_type=XML)


def _fillable(request: HttpRequest, form_id: str):
    """The form if this user may fill it; otherwise None, so that a form out of reach looks
    absent."""
    form = queries.questionnaire(form_id)
    if form is None or not access.may_fill(request.user, form.name):
        return None
    return form


@openrosa
def form_download(request: HttpRequest, form_id: str) -> HttpResponse:
    form = _fillable(request, form_id)
    if form is None:
        return envelope(_("No such form."), 404)
    return HttpResponse(form.xform(), content_type=XML)


@openrosa
def manifest(request: HttpRequest, form_id: str) -> HttpResponse:
    """The CSV lists the form reads (OpenRosa manifest), each as this user's copy."""
    form = _fillable(request, form_id)
    if form is None:
        return envelope(_("No such form."), 404)
    files = []
    for filename in form.attachments:
        data = queries.media_csv(request.user, form, filename) or b""
        url = request.build_absolute_uri(reverse("collect:media", args=[form.form_id, filename]))
        files.append(
            f"<mediaFile><filename>{escape(filename)}</filename><hash>{_md5(data)}</hash>"
            f"<downloadUrl>{escape(url)}</downloadUrl></mediaFile>"
        )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest xmlns="http://openrosa.org/xforms/xformsManifest">'
        + "".join(files)
        + "</manifest>"
    )
    return HttpResponse(body, content_type=XML)


@openrosa
def media(request: HttpRequest, form_id: str, filename: str) -> HttpResponse:
    form = _fillable(request, form_id)
    data = None if form is None else queries.media_csv(request.user, form, filename)
    if data is None:
        return envelope(_("No such file."), 404)
    return HttpResponse(data, content_type="text/csv; charset=utf-8")


class BodyTooLarge(Exception):
    pass


def _read_chunked(readline: Callable, read: Callable, limit: int) -> bytes:
    """Decode a chunked request body from the raw connection (RFC 9112 §7.1)."""
    body = io.BytesIO()
    while True:
        size_line = readline(65537)
        size = int(size_line.split(b";", 1)[0].strip() or b"0", 16)
        if size == 0:
            while readline(65537) not in (b"\r\n", b"\n", b""):
                pass  # trailer fields: none are used
            return body.getvalue()
        if body.tell() + size > limit:
            raise BodyTooLarge
        body.write(read(size))
        read(2)  # the CRLF closing the chunk


def _dechunk(request: HttpRequest, limit: int) -> None:
    """Give Django a chunked body it can parse.

    Django reads only CONTENT_LENGTH bytes of a body, and a chunked request has none. Behind
    gunicorn (production) the server has already decoded the chunks and marks the stream
    `wsgi.input_terminated`: read it to its end. Django's own development server passes the
    chunks through undecoded behind a stream limited to zero bytes: decode them from the
    connection beneath it.
    """
    environ = request.META
    chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
    if not chunked or environ.get("CONTENT_LENGTH"):
        return
    stream = environ["wsgi.input"]
    if environ.get("wsgi.input_terminated"):
        body = stream.read(limit + 1)
        if len(body) > limit:
            raise BodyTooLarge
    else:
        # django.core.handlers.wsgi.LimitedStream keeps the connection's read and readline.
        readline = getattr(stream, "_readline", stream.readline)
        read = getattr(stream, "_read", stream.read)
        body = _read_chunked(readline, read, limit)
    from django.core.handlers.wsgi import LimitedStream

    environ["CONTENT_LENGTH"] = str(len(body))
    request._stream = LimitedStream(io.BytesIO(body), len(body))  # type: ignore[assignment]


def _accepts(response: HttpResponse) -> HttpResponse:
    response["X-OpenRosa-Accept-Content-Length"] = str(settings.COLLECT_MAX_SUBMISSION_BYTES)
    return response


@openrosa
def submission(request: HttpRequest) -> HttpResponse:
    """HEAD: the size accepted (204). POST: a multipart body with `xml_submission_file` and its
    attachments, stored raw once per instanceID (201)."""
    if request.method == "HEAD":
        return _accepts(HttpResponse(status=204))
    if request.method != "POST":
        return envelope(_("Use HEAD or POST."), 405)
    limit = settings.COLLECT_MAX_SUBMISSION_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
        if declared > limit:
            raise BodyTooLarge
        _dechunk(request, limit)
    except BodyTooLarge:
        return envelope(_("The submission is larger than this server accepts."), 413)
    except ValueError:
        return envelope(_("The chunked body could not be read."), 400)
    xml_file = request.FILES.get("xml_submission_file")
    if xml_file is None:
        return envelope(_("The body has no xml_submission_file part."), 400)
    attachments = [
        upload
        for key, uploads in request.FILES.lists()
        if key != "xml_submission_file"
        for upload in uploads
    ]
    try:
        receipt = applying.receive_and_apply(
            request.user,
            xml_file.read(),
            attachments,
            credential=getattr(request, "collection_credential", None),
        )
    except actions.SubmissionRefused as refusal:
        return envelope(refusal.message, refusal.status)
    except UnicodeDecodeError:
        return envelope(_("The submission is not UTF-8 text."), 400)
    message = (
        _("Thank you: the submission was received.")
        if receipt.created
        else _("This submission had already been received.")
    )
    return _accepts(envelope(message, 201, nature="submit_success"))
