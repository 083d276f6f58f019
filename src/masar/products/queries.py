"""The tables of a release, read from the tracking facts, the index results and the case registry.

Location-level population figures of the master list are not personal data: they are published
whole, as DTM publishes them. Counts from the case registry describe households that came to a
help desk, so they are aggregated and protected (`masar.products.suppression`) before release.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Sum

from masar.cases.access import households_for_aggregates
from masar.cases.choices import CaseState, DurabilityCategory
from masar.cases.models import DurabilityAssessment
from masar.geo.models import AdminArea, Location
from masar.indices.models import Methodology
from masar.indices.queries import methodologies_computed_in, results_visible_to
from masar.tracking.choices import SHELTER_GROUP, Period, PopulationType, ShelterGroup
from masar.tracking.models import Round
from masar.tracking.queries import area_figures, figures_visible_to

# HXL attributes of the population types and shelter groups (hxlstandard.org: +idps and
# +returnees are core attributes; the shelter groups are Masar's own, lower-case as HXL asks).
POPULATION_HXL = {PopulationType.IDP: "idps", PopulationType.RETURNEE: "returnees"}
SHELTER_HXL = {
    ShelterGroup.CAMP: "camp",
    ShelterGroup.CRITICAL: "critical_shelter",
    ShelterGroup.PRIVATE: "private_setting",
    ShelterGroup.UNKNOWN: "unknown_shelter",
}


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    hxl: str
    type: str = "integer"  # a Table Schema type: string, integer, number
    description: str = ""


@dataclass
class Table:
    """One published table: its columns (with their HXL hashtags) and its rows."""

    name: str
    title: str
    description: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    # Set on tables whose counts are protected: the entries withheld are published as this.
    withheld_marker: str | None = None


def _area_names(level: int) -> dict[str, AdminArea]:
    return {
        a.pcode: a
        for a in AdminArea.objects.filter(level=level).only("pcode", "name_en", "name_ar")
    }


def _area_columns(level: int) -> list[Column]:
    columns = []
    for at in range(1, level + 1):
        columns += [
            Column(f"adm{at}_pcode", f"Admin {at} P-code", f"#adm{at}+code", "string"),
            Column(f"adm{at}_name", f"Admin {at} name (English)", f"#adm{at}+name", "string"),
            Column(
                f"adm{at}_name_ar", f"Admin {at} name (Arabic)", f"#adm{at}+name+i_ar", "string"
            ),
        ]
    return columns


def _population_columns() -> list[Column]:
    columns = []
    for population in PopulationType:
        tag = POPULATION_HXL[population]
        label = str(population.label)
        columns += [
            Column(f"{population}_families", f"{label}: families", f"#affected+hh+{tag}"),
            Column(f"{population}_individuals", f"{label}: individuals", f"#affected+ind+{tag}"),
        ]
        columns += [
            Column(
                f"{population}_individuals_{group}",
                f"{label}: individuals, {group.label}",
                f"#affected+ind+{tag}+{SHELTER_HXL[group]}",
            )
            for group in ShelterGroup
        ]
    return columns


def _population_cells(facts: dict[tuple[str, str], int], families: dict[str, int]) -> list[int]:
    """The population columns of one row from (population, shelter group) → individuals and
    population → families."""
    cells = []
    for population in PopulationType:
        by_group = [facts.get((population, group), 0) for group in ShelterGroup]
        cells += [families.get(population, 0), sum(by_group), *by_group]
    return cells


def population_tables(user, round_: Round, *, location_level: bool) -> list[Table]:
    """IDPs and returnees by shelter group per governorate, per district and (when allowed) per
    location; IDPs by governorate of origin; IDPs and returnees by period, per governorate."""
    figures = figures_visible_to(user, round_)
    if not figures.exists():
        return _admin_series_tables(user, round_)
    rows = (
        figures.values("location_id", "population_type", "shelter")
        .annotate(families=Sum("families"), individuals=Sum("individuals"))
        .order_by()
    )
    locations = {
        loc.pk: loc
        for loc in Location.objects.filter(figures__round=round_)
        .distinct()
        .select_related("area", "governorate")
    }
    # key (level, code) → (population, shelter group) → individuals, and population → families.
    people: dict[tuple[int, str], dict[tuple[str, str], int]] = defaultdict(dict)
    families: dict[tuple[int, str], dict[str, int]] = defaultdict(dict)
    for row in rows:
        location = locations[row["location_id"]]
        group = SHELTER_GROUP[row["shelter"]]
        keys = [
            (1, location.governorate.pcode),
            (2, location.area.pcode[:8]),
            (3, location.external_id),
        ]
        for key in keys:
            cell = (row["population_type"], group)
            people[key][cell] = people[key].get(cell, 0) + row["individuals"]
            fam = families[key]
            fam[row["population_type"]] = fam.get(row["population_type"], 0) + row["families"]
    governorates, districts = _area_names(1), _area_names(2)
    tables = []
    for level, title in ((1, "governorate"), (2, "district")):
        table = Table(
            f"admin{level}_population",
            f"IDPs and returnees by {title} and shelter group",
            f"Families and individuals by {title} in the round {round_}, by shelter group "
            "(camp, critical shelter, private setting, unknown), from the master list.",
            _area_columns(level) + _population_columns(),
        )
        for (at, code), cells in sorted(people.items()):
            if at != level:
                continue
            areas = [governorates.get(code[:5])] + ([districts.get(code)] if level == 2 else [])
            table.rows.append(
                _area_cells(areas, code) + _population_cells(cells, families[(at, code)])
            )
        tables.append(table)
    if location_level:
        table = Table(
            "location_population",
            "IDPs and returnees by location and shelter group",
            f"Families and individuals by location in the round {round_}, by shelter group.",
            [
                Column("location_id", "Location id", "#loc+code", "string"),
                Column("location_name", "Location name (English)", "#loc+name", "string"),
                Column("location_name_ar", "Location name (Arabic)", "#loc+name+i_ar", "string"),
                Column("adm1_pcode", "Governorate P-code", "#adm1+code", "string"),
                Column("adm2_pcode", "District P-code", "#adm2+code", "string"),
                Column("adm3_pcode", "Subdistrict P-code", "#adm3+code", "string"),
                Column("latitude", "Latitude", "#geo+lat", "number"),
                Column("longitude", "Longitude", "#geo+lon", "number"),
                *_population_columns(),
            ],
        )
        for location in sorted(locations.values(), key=lambda loc: loc.external_id):
            key = (3, location.external_id)
            if key not in people:
                continue
            table.rows.append(
                [
                    location.external_id,
                    location.name_en,
                    location.name_ar,
                    location.governorate.pcode,
                    location.area.pcode[:8],
                    location.area.pcode if location.area.level == 3 else "",
                    location.latitude,
                    location.longitude,
                    *_population_cells(people[key], families[key]),
                ]
            )
        tables.append(table)
    names = {1: governorates, 2: districts}
    for level in (1, 2):
        tables.append(_origin_table(figures, level, names, round_))
        tables.append(_period_table(figures, level, names, round_))
    return tables


def _admin_series_tables(user, round_: Round) -> list[Table]:
    """A round imported from an admin-level series (DTM's API) has no location facts: its
    governorate and district totals are released, without the breakdowns it does not have."""
    governorates, districts = _area_names(1), _area_names(2)
    tables = []
    for level, title in ((1, "governorate"), (2, "district")):
        columns = _area_columns(level)
        for population in PopulationType:
            tag, label = POPULATION_HXL[population], str(population.label)
            columns += [
                Column(f"{population}_families", f"{label}: families", f"#affected+hh+{tag}"),
                Column(
                    f"{population}_individuals", f"{label}: individuals", f"#affected+ind+{tag}"
                ),
            ]
        table = Table(
            f"admin{level}_population",
            f"IDPs and returnees by {title}",
            f"Families and individuals by {title} in the round {round_}, from an admin-level "
            "series (no breakdown by shelter, origin or period).",
            columns,
        )
        by_area: dict[str, dict[str, tuple[int | None, int]]] = defaultdict(dict)
        for row in area_figures(round_, level, user):
            by_area[row["pcode"]][row["population_type"]] = (row["families"], row["individuals"])
        for code in sorted(by_area):
            areas = [governorates.get(code[:5])] + ([districts.get(code)] if level == 2 else [])
            cells: list[Any] = _area_cells(areas, code)
            for population in PopulationType:
                cells += list(by_area[code].get(population, (0, 0)))
            table.rows.append(cells)
        tables.append(table)
    return tables


def _area_cells(areas: Sequence[AdminArea | None], code: str) -> list[Any]:
    cells: list[Any] = []
    for at, area in enumerate(areas, start=1):
        pcode = area.pcode if area else code[: 5 if at == 1 else 8]
        cells += [pcode, area.name_en if area else "", area.name_ar if area else ""]
    return cells


# How each admin level's code is read from a figure: the governorate directly; the district
# from the subdistrict P-code the location is attached to (a few locations sit on a district).
_LEVEL_FIELD = {1: "location__governorate__pcode", 2: "location__area__pcode"}
_LEVEL_WORD = {1: "governorate", 2: "district"}


def _level_code(level: int, pcode: str) -> str:
    return pcode if level == 1 else pcode[:8]


def _area_row(level: int, code: str, names: dict[int, dict[str, AdminArea]]) -> list[Any]:
    areas = [names[1].get(code[:5])] + ([names[2].get(code)] if level == 2 else [])
    return _area_cells(areas, code)


def _origin_table(figures, level: int, names: dict[int, dict[str, AdminArea]], round_) -> Table:
    word = _LEVEL_WORD[level]
    table = Table(
        f"admin{level}_idp_origin",
        f"IDPs by {word} of displacement and governorate of origin",
        f"Families and individuals displaced in each {word} in the round {round_}, by "
        "the governorate they came from (blank: not recorded).",
        [
            *_area_columns(level),
            Column(
                "origin_adm1_pcode", "Governorate of origin P-code", "#adm1+code+origin", "string"
            ),
            Column("origin_adm1_name", "Governorate of origin", "#adm1+name+origin", "string"),
            Column("idp_families", "IDPs: families", "#affected+hh+idps"),
            Column("idp_individuals", "IDPs: individuals", "#affected+ind+idps"),
        ],
    )
    rows = (
        figures.filter(population_type=PopulationType.IDP)
        .values(_LEVEL_FIELD[level], "origin__pcode")
        .annotate(families=Sum("families"), individuals=Sum("individuals"))
        .order_by()
    )
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        key = (_level_code(level, row[_LEVEL_FIELD[level]]), row["origin__pcode"] or "")
        sums[key][0] += row["families"]
        sums[key][1] += row["individuals"]
    for (code, origin_code), (families, individuals) in sorted(sums.items()):
        origin = names[1].get(origin_code)
        table.rows.append(
            [
                *_area_row(level, code, names),
                origin_code,
                origin.name_en if origin else "",
                families,
                individuals,
            ]
        )
    return table


def _period_table(figures, level: int, names: dict[int, dict[str, AdminArea]], round_) -> Table:
    word = _LEVEL_WORD[level]
    columns = list(_area_columns(level))
    for population in PopulationType:
        tag = POPULATION_HXL[population]
        for period in Period:
            code = period.value or "unknown"
            columns.append(
                Column(
                    f"{population}_individuals_{code}",
                    f"{population.label}: individuals, {period.label}",
                    f"#affected+ind+{tag}+period_{code}",
                )
            )
    table = Table(
        f"admin{level}_period",
        f"IDPs and returnees by {word} and period of displacement or return",
        f"Individuals by {word} in the round {round_}, by DTM's periods of displacement "
        "(IDPs) or of return (returnees).",
        columns,
    )
    rows = (
        figures.values(_LEVEL_FIELD[level], "population_type", "period")
        .annotate(individuals=Sum("individuals"))
        .order_by()
    )
    cells: dict[str, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        code = _level_code(level, row[_LEVEL_FIELD[level]])
        cells[code][(row["population_type"], row["period"])] += row["individuals"]
    for code in sorted(cells):
        table.rows.append(
            [
                *_area_row(level, code, names),
                *(
                    cells[code].get((p, period.value), 0)
                    for p in PopulationType
                    for period in Period
                ),
            ]
        )
    return table


def index_tables(user, round_: Round) -> list[Table]:
    """Each index computed in the round (its latest methodology version), by location."""
    tables = []
    for methodology in methodologies_computed_in(round_):
        tables.append(_index_table(user, round_, methodology))
    return tables


def _index_table(user, round_: Round, methodology: Methodology) -> Table:
    table = Table(
        f"{methodology.name.replace('-', '_')}_by_location",
        f"{methodology.title} by location",
        f"{methodology.title} (methodology {methodology.name} version {methodology.version}) "
        f"for each assessed location in the round {round_}: the overall score (0–100) and the "
        "severity category.",
        [
            Column("location_id", "Location id", "#loc+code", "string"),
            Column("location_name", "Location name (English)", "#loc+name", "string"),
            Column("adm1_pcode", "Governorate P-code", "#adm1+code", "string"),
            Column("adm2_pcode", "District P-code", "#adm2+code", "string"),
            Column("methodology", "Methodology", "#indicator+name", "string"),
            Column("version", "Methodology version", "#indicator+version", "integer"),
            Column("score", "Overall score (0–100)", "#severity+num", "number"),
            Column("category", "Severity category", "#severity+type", "string"),
            Column("population", "Individuals covered", "#population+ind"),
        ],
    )
    results = (
        results_visible_to(user, round_, methodology)
        .select_related("location__area", "location__governorate")
        .order_by("location__external_id")
    )
    for result in results:
        location = result.location
        table.rows.append(
            [
                location.external_id,
                location.name_en,
                location.governorate.pcode,
                location.area.pcode[:8],
                methodology.name,
                methodology.version,
                None if result.score is None else round(result.score, 2),
                result.category,
                result.population,
            ]
        )
    return table


@dataclass(frozen=True)
class CountTable:
    """Counts of households by governorate (rows) and a category (columns), before protection."""

    name: str
    title: str
    description: str
    column_label: str
    rows: list[str]  # governorate P-codes
    columns: list[tuple[str, str]]  # (code, label)
    counts: list[list[int]]


def case_tables(user) -> list[CountTable]:
    """Households in the case registry by governorate × workflow state (the pipeline) and by
    governorate × durability category of their latest assessment. Every governorate and every
    category is a row or column, even when empty, so that corrections keep the table's shape."""
    governorates = sorted(_area_names(1))
    households = households_for_aggregates(user)
    by_state = households.values_list("governorate__pcode", "state").annotate(n=Count("id"))
    states = list(CaseState.choices)
    pipeline = _grid(by_state, governorates, [code for code, _ in states])
    latest: dict[int, tuple[str, str]] = {}
    assessments = (
        DurabilityAssessment.objects.filter(household__in=households)
        .order_by("household_id", "assessed_on", "id")
        .values_list("household_id", "household__governorate__pcode", "category")
    )
    for household_id, pcode, category in assessments:
        latest[household_id] = (pcode, category)
    counted: dict[tuple[str, str], int] = defaultdict(int)
    for pcode, category in latest.values():
        counted[(pcode, category)] += 1
    categories = list(DurabilityCategory.choices)
    durability = _grid(
        ((p, c, n) for (p, c), n in counted.items()), governorates, [c for c, _ in categories]
    )
    return [
        CountTable(
            "cases_pipeline",
            "Households supported towards a durable solution, by governorate and step",
            "Households registered for facilitated voluntary movement, by the governorate where "
            "their case is managed and the step their case has reached.",
            "state",
            governorates,
            [(code, str(label)) for code, label in states],
            pipeline,
        ),
        CountTable(
            "cases_durability",
            "Households monitored after return, by governorate and durability",
            "Households with a post-return monitoring survey, by the governorate where their "
            "case is managed and the durability category of their latest survey.",
            "durability",
            governorates,
            [(code, str(label)) for code, label in categories],
            durability,
        ),
    ]


def _grid(
    counts: Iterable[tuple[str, str, int]], rows: list[str], columns: list[str]
) -> list[list[int]]:
    row_index = {code: i for i, code in enumerate(rows)}
    column_index = {code: j for j, code in enumerate(columns)}
    grid = [[0] * len(columns) for _ in rows]
    for row, column, n in counts:
        if row in row_index and column in column_index:
            grid[row_index[row]][column_index[column]] += n
    return grid


def governorate_names() -> dict[str, AdminArea]:
    return _area_names(1)


def list_releases(round_: Round | None = None):
    """The release log, oldest first, with who made each release and its files."""
    from .models import Release

    releases = Release.objects.select_related("round", "created_by").prefetch_related("files")
    if round_ is not None:
        releases = releases.filter(round=round_)
    return releases.order_by("created_at", "id")
