"""The dashboard's charts and tables for a round, built once for the page and the round report,
so that a figure in the PDF is the figure on the page (both read `public` through `tables`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from masar.geo.models import AdminArea
from masar.tracking.models import Round

from . import charts, public
from .tables import TABLES, WITHOUT_ROUND, Table, emergencies_table


def _values(table: Table, column: str) -> list[float]:
    index = table.columns.index(column)
    return [row[index] or 0 for row in table.rows]


def _shapes(level: int, table: Table) -> list[charts.Shape]:
    values = {row[0]: (row[2] or 0) + (row[4] or 0) for row in table.rows}
    return [
        charts.Shape(area.pcode, area.name, area.geometry, values.get(area.pcode))
        for area in AdminArea.objects.filter(level=level, geometry__isnull=False)
    ]


def dashboard_sections(round_: Round | None, *, series_until: date | None = None) -> dict[str, Any]:
    """Every table and chart of the dashboard for a released round (None: none released yet);
    `series_until` ends the national series at a round (a report on an earlier round)."""
    with public.reading_once():
        return _sections(round_, series_until)


def _sections(round_: Round | None, series_until: date | None) -> dict[str, Any]:
    tables = {
        name: build(round_)
        for name, build in TABLES.items()
        if round_ is not None or name in WITHOUT_ROUND
    }
    if series_until is not None:
        tables["series"].rows = [
            row for row in tables["series"].rows if row[0] <= series_until.isoformat()
        ]
        tables["emergencies"] = emergencies_table(round_, until=series_until)
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
