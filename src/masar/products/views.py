"""The public dashboard at /public/: anonymous, in the reader's language, released rounds only.

The page body is rendered once per language and released-rounds fingerprint and kept in the
cache, so that a publication, a withdrawal or an embargo lifting shows at once while a repeat
request costs one query (the fingerprint). Case-registry counts and index results can change
without a round changing: the cache also expires after `CACHE_SECONDS`. Only the body is cached,
never the whole answer, so no reader's CSRF token or language cookie is served to another.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from masar.lib.disclosure import shown
from masar.lib.exports import file_response

from . import public
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
