"""The public dashboard's tables: one builder per chart, shared by the page and its CSV download,
so that the figures a reader downloads are the figures beside the chart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from masar.indices.choices import Category
from masar.tracking.choices import PopulationType
from masar.tracking.models import Round

from . import public


@dataclass
class Table:
    """Rows of raw values (ints, text, `Suppressed`, None for "no figure"), with stable column
    keys for the CSV header and translated labels for the page."""

    name: str
    title: str
    columns: list[str]
    labels: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    note: str = ""


def _area_name(row: dict[str, Any]) -> str:
    return row["area"].name if row["area"] is not None else row["pcode"]


def series_table(_round: Round | None) -> Table:
    rows = public.national_series()
    return Table(
        "series",
        _("IDPs and returnees over the published rounds"),
        ["round_end", "idp_individuals", "returnee_individuals"],
        [_("Round ending"), _("IDPs (individuals)"), _("Returnees (individuals)")],
        [[r["date"].isoformat(), r["idp"], r["returnee"]] for r in rows],
    )


def totals_table(round_: Round) -> Table:
    totals = public.national_totals(round_)
    change = public.totals_change(round_)
    return Table(
        "totals",
        _("National totals"),
        ["population_type", "families", "individuals", "locations", "individuals_change"],
        [
            _("Population"),
            _("Families"),
            _("Individuals"),
            _("Locations"),
            _("Change since the previous round"),
        ],
        [
            [
                PopulationType(p).label,
                totals[p]["families"],
                totals[p]["individuals"],
                totals[p]["locations"],
                change[p],
            ]
            for p in public.POPULATIONS
        ],
    )


def _areas_table(name: str, title: str, area_label: str, rows: list[dict[str, Any]]) -> Table:
    return Table(
        name,
        title,
        [
            "pcode",
            "name",
            "idp_individuals",
            "idp_change",
            "returnee_individuals",
            "returnee_change",
        ],
        [_("P-code"), area_label, _("IDPs"), _("Change"), _("Returnees"), _("Change")],
        [
            [
                r["pcode"],
                _area_name(r),
                r["idp"],
                r["idp_change"],
                r["returnee"],
                r["returnee_change"],
            ]
            for r in rows
        ],
    )


def governorates_table(round_: Round) -> Table:
    return _areas_table(
        "governorates", _("By governorate"), _("Governorate"), public.governorate_rows(round_)
    )


def districts_table(round_: Round) -> Table:
    return _areas_table("districts", _("By district"), _("District"), public.district_rows(round_))


def shelter_table(round_: Round) -> Table:
    return Table(
        "shelter",
        _("By shelter group"),
        ["shelter_group", "idp_individuals", "returnee_individuals"],
        [_("Shelter group"), _("IDPs"), _("Returnees")],
        [[str(r["label"]), r["idp"], r["returnee"]] for r in public.shelter_rows(round_)],
    )


def severity_table(round_: Round) -> Table:
    rows = []
    for panel in public.severity_panels(round_):
        for s in panel["summary"]:
            rows.append(
                [
                    panel["methodology"].title,
                    str(Category(s["category"]).label),
                    s["locations"],
                    s["locations_share"],
                    s["population"],
                    s["population_share"],
                ]
            )
    return Table(
        "severity",
        _("Severity: share of locations and of people by category"),
        [
            "index",
            "category",
            "locations",
            "locations_percent",
            "individuals",
            "individuals_percent",
        ],
        [
            _("Index"),
            _("Category"),
            _("Locations"),
            _("% of locations"),
            _("Individuals"),
            _("% of individuals"),
        ],
        rows,
    )


def hotspots_table(round_: Round) -> Table:
    rows = [
        [
            panel["methodology"].title,
            h["pcode"],
            _area_name(h),
            h["population"],
            h["locations"],
            str(h["reason"]),
        ]
        for panel in public.severity_panels(round_)
        for h in panel["hotspots"]
    ]
    return Table(
        "hotspots",
        _("Hotspots"),
        ["index", "pcode", "subdistrict", "individuals", "locations", "reason"],
        [_("Index"), _("P-code"), _("Subdistrict"), _("Individuals"), _("Locations"), _("Why")],
        rows,
    )


SEVERITY_LABELS = {
    "high": gettext_lazy("High"),
    "medium": gettext_lazy("Medium"),
    "low": gettext_lazy("Low"),
    "not scored": gettext_lazy("Not scored"),
}


def pipeline_table(_round: Round | None) -> Table:
    data = public.pipeline()
    note = _("Counts under %(threshold)s households are not shown.") % {
        "threshold": data["threshold"]
    }
    return Table(
        "pipeline",
        _("Durable-solutions pipeline: households that reached each step"),
        ["step", "households"],
        [_("Step"), _("Households")],
        [[str(s["label"]), s["households"]] for s in data["steps"]],
        note,
    )


def durability_table(_round: Round | None) -> Table:
    data = public.pipeline()
    return Table(
        "durability",
        _("Durability by the severity of the destination"),
        ["destination_severity", "durable", "at_risk", "not_durable", "total"],
        [_("Destination severity"), _("Durable"), _("At risk"), _("Not durable"), _("Total")],
        [
            [
                str(SEVERITY_LABELS.get(r["severity"], r["severity"])),
                r["durable"],
                r["at_risk"],
                r["not_durable"],
                r["total"],
            ]
            for r in data["durability"]
        ],
        _("Counts under %(threshold)s households are not shown, nor the total of their row.")
        % {"threshold": data["threshold"]},
    )


def emergencies_table(_round: Round | None, until: date | None = None) -> Table:
    rows = public.emergency_rows(until)
    return Table(
        "emergencies",
        _("Emergency events"),
        ["event", "cause", "start_date", "status", "last_update", "locations",
         "individuals_displaced", "individuals_returned", "individuals_still_displaced"],
        [_("Event"), _("Cause"), _("Since"), _("Status"), _("Last update"), _("Locations"),
         _("Individuals displaced"), _("Individuals returned"), _("Still displaced")],
        [
            [
                r["event"].name,
                str(r["event"].get_cause_display()),
                r["event"].start_date.isoformat(),
                str(r["event"].get_status_display()),
                r["last_update"].isoformat(),
                r["locations"],
                r["displaced"],
                r["returned"],
                r["still_displaced"],
            ]
            for r in rows
        ],
        _("Cumulative since the event began, from the updates of the affected locations."),
    )  # fmt: skip


# Tables that need a released round; the series, the emergencies and the pipeline do not.
TABLES: dict[str, Callable[[Any], Table]] = {
    "series": series_table,
    "totals": totals_table,
    "governorates": governorates_table,
    "districts": districts_table,
    "shelter": shelter_table,
    "severity": severity_table,
    "hotspots": hotspots_table,
    "emergencies": emergencies_table,
    "pipeline": pipeline_table,
    "durability": durability_table,
}
WITHOUT_ROUND = frozenset({"series", "emergencies", "pipeline", "durability"})

# The HXL hashtag row of each download (open data, see DESIGN "Interfaces"), column for column.
HXL: dict[str, list[str]] = {
    "series": ["#date+end", "#affected+idps+ind", "#affected+returnees+ind"],
    "totals": ["#category", "#affected+hh", "#affected+ind", "#loc+num", "#affected+ind+change"],
    "governorates": ["#adm1+code", "#adm1+name", "#affected+idps+ind", "#affected+idps+change",
                     "#affected+returnees+ind", "#affected+returnees+change"],
    "districts": ["#adm2+code", "#adm2+name", "#affected+idps+ind", "#affected+idps+change",
                  "#affected+returnees+ind", "#affected+returnees+change"],
    "shelter": ["#category+shelter", "#affected+idps+ind", "#affected+returnees+ind"],
    "severity": ["#indicator+name", "#severity", "#loc+num", "#loc+pct", "#affected+ind",
                 "#affected+pct"],
    "hotspots": ["#indicator+name", "#adm3+code", "#adm3+name", "#affected+ind", "#loc+num",
                 "#description"],
    "emergencies": ["#crisis+name", "#crisis+type", "#date+start", "#status", "#date+reported",
                    "#loc+num", "#affected+ind+displaced", "#affected+ind+returned",
                    "#affected+ind+idps"],
    "pipeline": ["#status", "#affected+hh"],
    "durability": ["#severity", "#affected+hh+durable", "#affected+hh+at_risk",
                   "#affected+hh+not_durable", "#affected+hh+total"],
}  # fmt: skip
