"""Reads for the public dashboard: national aggregates of released rounds only, no personal data.

Every round here comes from `tracking.access.released_rounds()` (published and out of embargo),
the one place deciding what is public. The tracking and indices queries are scoped by a user's
grants; the public reads them as `PUBLIC_READER`, a reader with one country-wide grant of no
role: it sees released rounds (never drafts: it manages nothing) everywhere in the country, and
nothing that needs a role. Case-registry figures are counts only, suppressed below the threshold.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet

from masar.accounts.grants import Grant, Grants
from masar.cases.choices import CaseState
from masar.cases.models import CaseEvent, Household
from masar.cases.queries import durability_by_destination_severity
from masar.geo.models import AdminArea
from masar.indices import queries as index_queries
from masar.lib.disclosure import Published, Suppressed, published
from masar.tracking import queries as tracking_queries
from masar.tracking.access import released_events, released_rounds
from masar.tracking.choices import PopulationType, ShelterGroup
from masar.tracking.models import Figure, Round

POPULATIONS = [PopulationType.IDP, PopulationType.RETURNEE]


@dataclass
class _PublicReader:
    """Stands in for a user in the grant-scoped queries: country-wide, holding no role."""

    is_authenticated: bool = True
    is_superuser: bool = False
    _masar_grants: Grants = field(
        default_factory=lambda: Grants(authenticated=True, grants=(Grant(None, "public", None),))
    )

    def get_username(self) -> str:
        return "public"


PUBLIC_READER = _PublicReader()


def released_fingerprint() -> str:
    """What the public pages depend on, in two queries: every released round and its last
    change, and every published emergency and its last update. A publication, a withdrawal, an
    embargo lifting, a reopened round or a new emergency update changes it."""
    rows = released_rounds().order_by("end_date", "id").values_list("uid", "version", "updated_at")
    events = released_events().order_by("id").values_list("uid", "updated_at")
    return "|".join(
        [f"{uid}:{version}:{updated.timestamp():.0f}" for uid, version, updated in rows]
        + [f"e{uid}:{updated.timestamp():.3f}" for uid, updated in events]
    )


def latest_released_round() -> Round | None:
    """The newest released round with location figures."""
    return released_rounds().filter(figures__isnull=False).distinct().order_by("-end_date").first()


def previous_released_round(round_: Round) -> Round | None:
    return tracking_queries.previous_round(round_, released_rounds())


def national_series() -> list[dict[str, Any]]:
    """One row per released round: its end date and the IDPs and returnees (individuals)."""
    rows: dict[Any, dict[str, Any]] = {}
    for point in tracking_queries.national_series(PUBLIC_READER):
        row = rows.setdefault(point["date"], {"date": point["date"], "idp": 0, "returnee": 0})
        row[point["population_type"]] = point["individuals"]
    return [rows[d] for d in sorted(rows)]


def emergency_rows(until: date | None = None) -> list[dict[str, Any]]:
    """The published emergencies with their cumulative figures (up to `until`, for the report
    of an earlier round): location-level aggregates like the master list, no personal data."""
    return tracking_queries.emergency_totals(released_events(), until)


def national_totals(round_: Round) -> dict[str, dict[str, int]]:
    """Families, individuals and locations by population type in the round."""
    return tracking_queries.totals(Figure.objects.filter(round=round_))


def totals_change(round_: Round) -> dict[str, int | None]:
    """Individuals now minus individuals in the previous released round, by population type."""
    previous = previous_released_round(round_)
    if previous is None:
        return {p: None for p in POPULATIONS}
    now, before = national_totals(round_), national_totals(previous)
    return {p: now[p]["individuals"] - before[p]["individuals"] for p in POPULATIONS}


def _area_rows(round_: Round, level: int) -> list[dict[str, Any]]:
    """IDPs and returnees (individuals) per admin area of a level, with the change since the
    previous released round (None where the area had no figures then), named from the areas."""
    previous = previous_released_round(round_)
    before: dict[tuple[str, str], int] = {}
    if previous is not None:
        before = {
            (r["pcode"], r["population_type"]): r["individuals"]
            for r in tracking_queries.area_figures(previous, level, PUBLIC_READER)
        }
    rows: dict[str, dict[str, Any]] = {}
    for r in tracking_queries.area_figures(round_, level, PUBLIC_READER):
        row = rows.setdefault(
            r["pcode"],
            {
                "pcode": r["pcode"],
                "idp": 0,
                "returnee": 0,
                "idp_change": None,
                "returnee_change": None,
            },
        )
        row[r["population_type"]] = r["individuals"]
        key = (r["pcode"], r["population_type"])
        if key in before:
            row[f"{r['population_type']}_change"] = r["individuals"] - before[key]
    areas = {a.pcode: a for a in AdminArea.objects.filter(pcode__in=rows)}
    for pcode, row in rows.items():
        area = areas.get(pcode)
        row["area"] = area
        row["name_en"] = area.name_en if area else pcode
    return [rows[p] for p in sorted(rows)]


def governorate_rows(round_: Round) -> list[dict[str, Any]]:
    return _area_rows(round_, 1)


def district_rows(round_: Round) -> list[dict[str, Any]]:
    return _area_rows(round_, 2)


def shelter_rows(round_: Round) -> list[dict[str, Any]]:
    """Individuals by DTM shelter group and population type."""
    groups = tracking_queries.shelter_groups(Figure.objects.filter(round=round_))
    return [
        {
            "group": group.value,
            "label": group.label,
            "idp": groups.get(PopulationType.IDP, {}).get(str(group), 0),
            "returnee": groups.get(PopulationType.RETURNEE, {}).get(str(group), 0),
        }
        for group in ShelterGroup
    ]


_READ_ONCE: ContextVar[dict[int, list[dict[str, Any]]] | None] = ContextVar(
    "severity_panels", default=None
)


@contextmanager
def reading_once() -> Iterator[None]:
    """Within this block the severity panels of a round are read once: the dashboard's panels,
    its severity table and its hotspots table all show them."""
    token = _READ_ONCE.set({})
    try:
        yield
    finally:
        _READ_ONCE.reset(token)


def severity_panels(round_: Round) -> list[dict[str, Any]]:
    """Per index computed in the round (newest version of each): the share of locations and of
    people by severity category, and the hotspots (subdistricts) with their centroids."""
    memo = _READ_ONCE.get()
    if memo is not None and round_.pk in memo:
        return memo[round_.pk]
    panels = _severity_panels(round_)
    if memo is not None:
        memo[round_.pk] = panels
    return panels


def _severity_panels(round_: Round) -> list[dict[str, Any]]:
    panels = []
    seen: set[str] = set()
    for methodology in index_queries.methodologies_computed_in(round_):
        if methodology.name in seen:
            continue
        seen.add(methodology.name)
        dashboard = index_queries.get_dashboard(PUBLIC_READER, round_, methodology, most_severe=0)
        panels.append(
            {
                "methodology": methodology,
                "summary": dashboard["summary"],
                "national": dashboard["national"],
                "hotspots": [
                    {
                        "pcode": h.subdistrict.pcode,
                        "name_en": h.subdistrict.name_en,
                        "area": h.subdistrict,
                        "population": h.population,
                        "locations": h.locations,
                        "reason": h.get_reason_display(),
                        "lat": h.subdistrict.centroid_lat,
                        "lon": h.subdistrict.centroid_lon,
                    }
                    for h in dashboard["hotspots"]
                ],
            }
        )
    return panels


# The pipeline steps shown publicly: a household counts at a step once its timeline reached it.
PIPELINE_STEPS = [
    CaseState.REGISTERED,
    CaseState.CLEARED,
    CaseState.DEPARTED,
    CaseState.ARRIVED,
    CaseState.MONITORING,
]
DURABILITY_COLUMNS = ["durable", "at_risk", "not_durable"]


def _counted_households() -> QuerySet[Household]:
    """Every household of the registry, counted and never listed (merged duplicates left out)."""
    return Household.objects.filter(merged_into__isnull=True)


def threshold() -> int:
    return int(settings.MASAR["SUPPRESSION_THRESHOLD"])


def pipeline() -> dict[str, Any]:
    """The durable-solutions pipeline in aggregate, with every count under the threshold withheld.

    Steps: households registered (all), and those whose timeline ever reached cleared, departed,
    arrived and monitoring. These are cumulative counts of one cohort, not a breakdown of a
    total, so a withheld cell cannot be recovered from the others. Durability by destination
    severity: a withheld cell in a row withholds that row's total too, and the table publishes no
    column totals — no published figure gives a withheld cell away (the simplest safe choice).
    """
    limit = threshold()
    households = _counted_households()
    reached = dict(
        CaseEvent.objects.filter(
            household__in=households, to_state__in=[s.value for s in PIPELINE_STEPS[1:]]
        )
        .values_list("to_state")
        .annotate(n=Count("household", distinct=True))
        .order_by()
    )
    counts = {CaseState.REGISTERED.value: households.count(), **reached}
    steps = [
        {"step": s.value, "label": s.label, "households": published(counts.get(s.value, 0), limit)}
        for s in PIPELINE_STEPS
    ]
    durability = []
    for row in durability_by_destination_severity(households):
        cells: dict[str, Published] = {c: published(row[c], limit) for c in DURABILITY_COLUMNS}
        total: Published = (
            Suppressed(limit)
            if any(isinstance(v, Suppressed) for v in cells.values())
            else published(row["total"], limit)
        )
        durability.append({"severity": row["severity"], **cells, "total": total})
    return {"threshold": limit, "steps": steps, "durability": durability}


def any_suppressed(rows: list[Mapping[str, Any]]) -> bool:
    return any(isinstance(v, Suppressed) for row in rows for v in row.values())
