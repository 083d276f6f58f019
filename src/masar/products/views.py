"""The public dashboard at /public/: anonymous, in the reader's language, released rounds only.

The page body is rendered once per language and released-rounds fingerprint and kept in the
cache, so that a publication, a withdrawal or an embargo lifting shows at once while a repeat
request costs one query (the fingerprint). Case-registry counts and index results can change
without a round changing: the cache also expires after `CACHE_SECONDS`. Only the body is cached,
never the whole answer, so no reader's CSRF token or language cookie is served to another.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from masar.geo.models import AdminArea
from masar.lib.disclosure import shown
from masar.lib.exports import file_response

from . import charts, public
from .tables import HXL, TABLES, WITHOUT_ROUND, Table

CACHE_SECONDS = 15 * 60
CACHE_VERSION = 1


def _cache_key(fingerprint: str) -> str:
    import hashlib

    digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:24]
    return f"public-dashboard:{CACHE_VERSION}:{get_language()}:{digest}"


def _values(table: Table, column: str) -> list[float]:
    index = table.columns.index(column)
    return [row[index] or 0 for row in table.rows]


def _shapes(level: int, table: Table) -> list[charts.Shape]:
    values = {row[0]: (row[2] or 0) + (row[4] or 0) for row in table.rows}
    return [
        charts.Shape(area.pcode, area.name, area.geometry, values.get(area.pcode))
        for area in AdminArea.objects.filter(level=level, geometry__isnull=False)
    ]


def _sections(round_) -> dict[str, Any]:
    """Every table and chart of the page for the latest released round."""
    tables = {
        name: build(round_)
        for name, build in TABLES.items()
        if round_ is not None or name in WITHOUT_ROUND
    }
    series = tables["series"]
    idp, returnee = _("IDPs"), _("Returnees")
    result: dict[str, Any] = {"tables": tables}
    result["series_chart"] = charts.line_chart(
        [row[0][:7] for row in series.rows],
        [
            charts.Series(idp, charts.IDP_COLOR, _values(series, "idp_individuals")),
            charts.Series(returnee, charts.RETURNEE_COLOR, _values(series, "returnee_individuals")),
        ],
        caption=series.title,
    )
    if round_ is None:
        return result
    shelter = tables["shelter"]
    result["shelter_chart"] = charts.bar_chart(
        [row[0] for row in shelter.rows],
        [
            charts.Series(idp, charts.IDP_COLOR, _values(shelter, "idp_individuals")),
            charts.Series(
                returnee, charts.RETURNEE_COLOR, _values(shelter, "returnee_individuals")
            ),
        ],
        caption=shelter.title,
    )
    legend, no_data = _("IDPs and returnees (individuals)"), _("no figures")
    result["governorate_map"] = charts.choropleth(
        _shapes(1, tables["governorates"]),
        caption=tables["governorates"].title,
        legend_title=legend,
        no_data=no_data,
    )
    # District boundaries exist only once COD-AB is loaded; without them, the table alone.
    result["district_map"] = charts.choropleth(
        _shapes(2, tables["districts"]),
        caption=tables["districts"].title,
        legend_title=legend,
        no_data=no_data,
    )
    outlines = [
        charts.Shape(a.pcode, a.name, a.geometry, None)
        for a in AdminArea.objects.filter(level=1, geometry__isnull=False)
    ]
    panels = []
    for panel in public.severity_panels(round_):
        summary = panel["summary"]
        panels.append(
            {
                "title": panel["methodology"].title,
                "chart": charts.bar_chart(
                    [str(s["category"].label) for s in summary],
                    [
                        charts.Series(
                            _("% of locations"), "#5e7a8a", [s["locations_share"] for s in summary]
                        ),
                        charts.Series(
                            _("% of individuals"),
                            "#b2182b",
                            [s["population_share"] for s in summary],
                        ),
                    ],
                    caption=panel["methodology"].title,
                    unit="%",
                ),
                "map": charts.point_map(
                    outlines,
                    [
                        charts.Point(h["area"].name, h["lon"], h["lat"], h["population"], "#b2182b")
                        for h in panel["hotspots"]
                        if h["lat"] is not None and h["lon"] is not None
                    ],
                    caption=_("Hotspots"),
                ),
            }
        )
    result["severity_panels"] = panels
    return result


def _body() -> str:
    fingerprint = public.released_fingerprint()
    key = _cache_key(fingerprint)
    body = cache.get(key)
    if body is None:
        round_ = public.latest_released_round()
        context = {
            "round": round_,
            "previous": public.previous_released_round(round_) if round_ else None,
            **_sections(round_),
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
