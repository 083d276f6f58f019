"""The public dashboard at /public/: anonymous, in the reader's language, released rounds only.

The page body is rendered once per language and released-rounds fingerprint and kept in the
cache, so that a publication, a withdrawal or an embargo lifting shows at once while a repeat
request costs one query (the fingerprint). Case-registry counts and index results can change
without a round changing: the cache also expires after `CACHE_SECONDS`. Only the body is cached,
never the whole answer, so no reader's CSRF token or language cookie is served to another.
"""

from __future__ import annotations

from pathlib import Path

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_POST, require_safe

from masar.lib.disclosure import shown
from masar.lib.exports import file_response
from masar.tracking.access import released_rounds
from masar.tracking.models import Round

from . import public
from .access import may_release
from .actions import report_name
from .jobs import start_reports
from .models import RoundReport
from .report import LANGUAGES
from .sections import dashboard_sections
from .tables import HXL, TABLES, WITHOUT_ROUND

CACHE_SECONDS = 15 * 60
CACHE_VERSION = 1


def _cache_key(fingerprint: str) -> str:
    import hashlib

    digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:24]
    return f"public-dashboard:{CACHE_VERSION}:{get_language()}:{digest}"


def _body() -> str:
    fingerprint = public.released_fingerprint()
    key = _cache_key(fingerprint)
    body = cache.get(key)
    if body is None:
        round_ = public.latest_released_round()
        context = {
            "round": round_,
            "previous": public.previous_released_round(round_) if round_ else None,
            # Kept with the body: a report printed since shows when the cache next expires,
            # and on the reports page at once.
            "reports": list(RoundReport.objects.filter(round=round_)) if round_ else [],
            **dashboard_sections(round_),
        }
        body = render_to_string("products/_dashboard.html", context)
        cache.set(key, body, CACHE_SECONDS)
    return body


@require_safe
def dashboard(request):
    return render(request, "products/dashboard.html", {"body": mark_safe(_body())})


@require_safe
def table_csv(request, name: str):
    """The figures of one table of the page as CSV: stable column keys, an HXL row, the rows;
    cached like the page, under the same released-rounds fingerprint."""
    build = TABLES.get(name)
    if build is None:
        raise Http404
    key = f"{_cache_key(public.released_fingerprint())}:csv:{name}"
    cached = cache.get(key)
    if cached is None:
        round_ = public.latest_released_round()
        if round_ is None and name not in WITHOUT_ROUND:
            raise Http404
        table = build(round_)
        rows = [["" if v is None else shown(v) for v in row] for row in table.rows]
        cached = (table.columns, rows)
        cache.set(key, cached, CACHE_SECONDS)
    columns, rows = cached
    return file_response("csv", f"masar-{name}", columns, rows, HXL[name])


def _released_round(uid) -> Round:
    round_ = released_rounds().filter(uid=uid).first()
    if round_ is None:
        raise Http404
    return round_


@require_safe
def reports(request):
    """Every released round with its PDF reports; tracking managers may (re)generate them."""
    rounds = list(released_rounds().order_by("-end_date"))
    by_round: dict[int, dict[str, RoundReport]] = {}
    for row in RoundReport.objects.filter(round__in=rounds):
        by_round.setdefault(row.round_id, {})[row.language] = row
    rows = [
        {
            "round": r,
            "reports": [
                by_round[r.pk][language]
                for language in LANGUAGES
                if language in by_round.get(r.pk, {})
            ],
        }
        for r in rounds
    ]
    return render(
        request,
        "products/reports.html",
        {"rows": rows, "may_generate": may_release(request.user)},
    )


@require_POST
def generate_report(request, uid):
    """Start printing a released round's reports (tracking managers), then follow the job."""
    if not may_release(request.user):
        raise PermissionDenied
    job = start_reports(request.user, _released_round(uid))
    return redirect("job", uid=job.uid)


@require_safe
def report_pdf(request, uid, language: str):
    """A released round's report; 404 for any other round, or before it was generated."""
    round_ = _released_round(uid)
    row = RoundReport.objects.filter(round=round_, language=language).first()
    if row is None or not Path(row.path).is_file():
        raise Http404
    return FileResponse(
        Path(row.path).open("rb"),
        content_type="application/pdf",
        filename=report_name(round_, language),
    )
