"""The questionnaires as web forms in the browser, rendered by ODK Web Forms (vendored).

The browser queues answers filled without a network and sends them here when it is back
online: a session-authenticated, CSRF-protected door beside the OpenRosa one, storing and
applying a submission exactly as that one does (one per instanceID, so a resend is stored once).
"""

from __future__ import annotations

from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from . import access, actions, applying, queries

RIGHT_TO_LEFT = ("ar", "ckb")


def _fillable(user, form_id: str):
    form = queries.questionnaire(form_id)
    if form is None or not access.may_fill(user, form.name):
        raise Http404
    return form


# The engine compiles its XPath parser from WebAssembly and injects its stylesheet (and
# PrimeVue's theme) as <style> elements with data: fonts: allowed on this page only;
# scripts still come from this origin alone.
@csp_update(
    {
        "script-src": ["'wasm-unsafe-eval'"],
        "style-src": ["'unsafe-inline'"],
        "font-src": ["'self'", "data:"],
    }
)
@login_required
def form_page(request: HttpRequest, form_id: str) -> HttpResponse:
    """The page that renders the form in the page's language and queues what is submitted."""
    form = _fillable(request.user, form_id)
    language = (get_language() or "en").split("-")[0]
    return render(
        request,
        "collect/web_form.html",
        {
            "form": form,
            "title": form.title_in(language),
            "language": language,
            "rtl": language in RIGHT_TO_LEFT,
        },
    )


@login_required
def form_xml(request: HttpRequest, form_id: str) -> HttpResponse:
    """The XForm for the signed-in browser, opening in the page's language (ODK Collect gets
    the same form through OpenRosa and picks its language itself)."""
    form = _fillable(request.user, form_id)
    language = (get_language() or "en").split("-")[0]
    return HttpResponse(form.xform_in(language), content_type="text/xml; charset=utf-8")


@login_required
@require_POST
def submission(request: HttpRequest) -> JsonResponse:
    """Store a queued submission (`xml_submission_file`) and apply it; 201 new, 200 resent."""
    xml_file = request.FILES.get("xml_submission_file")
    if xml_file is None:
        return JsonResponse({"error": "The body has no xml_submission_file part."}, status=400)
    try:
        envelope = actions.read_envelope(xml_file.read())
    except actions.SubmissionRefused as refusal:
        return JsonResponse({"error": refusal.message}, status=refusal.status)
    form = queries.questionnaire(envelope.form_id)
    if form is None or not access.may_fill(request.user, form.name):
        raise Http404
    xml_file.seek(0)
    attachments = [
        upload
        for key, uploads in request.FILES.lists()
        if key != "xml_submission_file"
        for upload in uploads
    ]
    try:
        receipt = applying.receive_and_apply(request.user, xml_file.read(), attachments)
    except actions.SubmissionRefused as refusal:
        return JsonResponse({"error": refusal.message}, status=refusal.status)
    return JsonResponse(
        {"instance_id": envelope.instance_id, "created": receipt.created},
        status=201 if receipt.created else 200,
    )


def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served under /collect/ so that its scope covers the web forms and
    the lists they read (a worker under /static/ could not control those pages)."""
    path = finders.find("collect/sw.js")
    with open(str(path), "rb") as source:
        response = HttpResponse(source.read(), content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/collect/"
    response["Cache-Control"] = "no-cache"
    return response
