"""One pass over a master list's rows: validate every cell, resolve locations and areas, and
queue the figures, with every rejection and warning kept for the report."""

from __future__ import annotations

import itertools
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext_noop

from masar.core.jobs import Progress
from masar.geo.models import AdminArea, Location
from masar.geo.resolver import resolve_area
from masar.lib.numbers import CountError, parse_count
from masar.lib.spreadsheets import FileFormatError, count_rows, iter_rows

from ..choices import Period, PopulationType
from ..models import Round
from .areas import resolve_chain, suggest
from .cells import UNKNOWN_WORDS, coordinate, parse_date, population_word, shown, text_id
from .estimates import individuals_per_shelter
from .figures import insert_rows
from .layouts import Layout, bind, is_hxl_row
from .options import Options
from .plausibility import plausibility_warnings

POPULATION_TYPES = frozenset(PopulationType.values)
INSERT_BATCH = 10_000
PROGRESS_EVERY = 500  # rows between two progress reports


class RowImporter:
    """One pass over the rows. Lookups are cached so that no row costs a query."""

    def __init__(self, layout: Layout, options: Options, round_: Round, batch, report: dict):
        self.layout, self.options, self.round, self.batch, self.report = (
            layout,
            options,
            round_,
            batch,
            report,
        )
        self.size = float(options.household_size or layout.household_size or round_.household_size)
        self.camp_size = float(
            options.camp_household_size or layout.camp_household_size or round_.camp_household_size
        )
        self.locations = dict(Location.objects.values_list("external_id", "id"))
        self.location_gov = dict(Location.objects.values_list("id", "governorate__pcode"))
        self.areas = {a.pcode: a for a in AdminArea.objects.all()}
        self.area_cache: dict[tuple, tuple] = {}
        self.origin_cache: dict[str, tuple] = {}
        # Period codes and labels (in English and the active language), looked up once.
        self.periods = {code: code for code in Period.values if code}
        self.periods.update({str(label).casefold(): code for code, label in Period.choices if code})
        with translation.override("en"):
            self.periods.update(
                {str(label).casefold(): code for code, label in Period.choices if code}
            )
        self.new_locations: dict[str, Location] = {}
        self.pending: list[tuple] = []
        self.rejected: list[dict] = []
        self.warnings: list[dict] = []
        self.totals: dict[str, dict] = {}
        self.by_location: dict[tuple[int, str], int] = {}
        self.rows = {"read": 0, "imported": 0, "rejected": 0, "warned": 0}

    # ----- the pass -----
    def run(self, path: Path, progress: Progress | None = None) -> None:
        """One pass over the rows; `progress(rows read, rows in the file, stage)` now and then."""
        total = count_rows(path) if progress is not None else None
        binding, first_row, rows = self._bind(iter_rows(path))
        shelter_items = list(binding.shelters.items())
        fields = binding.fields
        width = self.layout.min_columns
        number = first_row
        data_rows = None if total is None else max(0, total - first_row)
        reading = gettext_noop("Reading rows")
        for row in rows:
            number += 1
            if progress is not None and number % PROGRESS_EVERY == 0:
                progress(number - first_row, data_rows, reading)
            if not any(c not in (None, "") for c in row):
                continue
            self.rows["read"] += 1
            if width and len(row) < width:
                self._reject(number, "", "", f"expected {width} columns, found {len(row)}")
                continue
            self._row(number, row, fields, shelter_items)
        if not self.rows["read"]:
            raise FileFormatError("The file has no data rows.")
        if progress is not None:
            done = number - first_row
            progress(done, max(done, data_rows or 0), gettext_noop("Writing the figures"))
        self._flush()
        if not self.rejected:
            if progress is not None:
                progress(done, max(done, data_rows or 0), gettext_noop("Checking plausibility"))
            self.warnings += plausibility_warnings(
                self.round, self.by_location, self.locations, self.options.plausibility_factor
            )
        self.report.update(
            rows=self.rows,
            rejected=self.rejected,
            warnings=self.warnings,
            totals=self.totals,
            new_locations=len(self.new_locations),
            household_size={"default": self.size, "camp": self.camp_size},
        )

    def _bind(self, rows):
        """Read the header (and an HXL row under it); return the binding, the number of rows
        consumed, and the rows still to read."""
        if not self.layout.header:
            return bind(self.layout, None, None), 0, rows
        header = next(rows, None)
        if header is None:
            raise FileFormatError("The file is empty.")
        if is_hxl_row(header):
            return bind(self.layout, None, header), 1, rows
        peeked = next(rows, None)
        if peeked is not None and is_hxl_row(peeked):
            return bind(self.layout, header, peeked), 2, rows
        binding = bind(self.layout, header, None)
        remaining = rows if peeked is None else itertools.chain([peeked], rows)
        return binding, 1, remaining

    # ----- one row -----
    def _row(self, number: int, row: list, fields: dict, shelter_items) -> None:
        def cell(name):
            position = fields.get(name)
            if position is None or position >= len(row):
                return None
            value = row[position]
            return None if value in (None, "") else value

        errors_before = len(self.rejected)
        location_id = text_id(cell("location_id"))
        if not location_id:
            self._reject(number, "location_id", "", "missing location id")
            return
        population = (
            self.options.population
            or population_word(cell("population"))
            or (self.layout.population)
        )
        if population not in POPULATION_TYPES:
            self._reject(number, "population", cell("population"), "unknown population type")
            return
        families_by_shelter = []
        total = 0
        for shelter, positions in shelter_items:
            count = 0
            for position in positions:
                value = row[position] if position < len(row) else None
                if value is None or value == "":
                    continue
                try:
                    parsed = parse_count(value)
                except CountError as exc:
                    self._reject(number, shelter, value, str(exc))
                    continue
                count += parsed or 0
            if count:
                families_by_shelter.append((shelter, count))
                total += count
        check = self.layout.check_total
        if check:
            try:
                stated = parse_count(cell(check))
            except CountError as exc:
                self._reject(number, check, cell(check), str(exc))
                stated = None
            if stated is not None and stated != total:
                self._reject(
                    number, check, cell(check), f"total {stated} ≠ sum of shelter columns {total}"
                )
        individuals_total = None
        if "individuals" in fields:
            try:
                individuals_total = parse_count(cell("individuals"))
            except CountError as exc:
                self._reject(number, "individuals", cell("individuals"), str(exc))
            if individuals_total is not None and individuals_total < total:
                self._reject(
                    number,
                    "individuals",
                    individuals_total,
                    f"individuals ({individuals_total}) fewer than families ({total})",
                )
        origin = self._origin(number, cell("origin"))
        period = self._period(number, cell("period"), cell("displacement_date"))
        location = self._location(number, location_id, cell)
        if len(self.rejected) > errors_before or location is None:
            return
        if not total:
            return  # a row of zeros: nothing to record
        self.rows["imported"] += 1
        individuals = individuals_per_shelter(
            families_by_shelter, individuals_total, self.size, self.camp_size
        )
        round_id, batch_id = self.round.pk, self.batch.pk
        for (shelter, families), people in zip(families_by_shelter, individuals, strict=True):
            self.pending.append(
                (
                    round_id,
                    location,
                    population,
                    origin,
                    period,
                    shelter,
                    families,
                    people,
                    batch_id,
                )
            )
        self._count(location, population, total, sum(individuals))
        if len(self.pending) >= INSERT_BATCH:
            self._flush()

    def _location(self, number: int, location_id: str, cell) -> int | str | None:
        known = self.locations.get(location_id)
        if known is not None:
            return known
        if location_id in self.new_locations:
            return self.new_locations[location_id].external_id
        area = self._area(number, cell("governorate"), cell("district"), cell("subdistrict"))
        if area is None:
            if cell("governorate") is None:
                self._reject(
                    number, "location_id", location_id, "unknown location id and no area given"
                )
            return None
        location = Location(
            external_id=location_id,
            area=area,
            governorate=self.areas[area.pcode[:5]],
            name_en=str(cell("location_name") or location_id)[:200],
            name_ar=str(cell("location_name_ar") or "")[:200],
            latitude=coordinate(cell("latitude")),
            longitude=coordinate(cell("longitude")),
        )
        self.new_locations[location_id] = location
        return location_id

    def _area(self, number, governorate, district, subdistrict) -> AdminArea | None:
        key = (governorate, district, subdistrict)
        if key in self.area_cache:
            area, problem = self.area_cache[key]
        else:
            area, problem = resolve_chain(governorate, district, subdistrict)
            self.area_cache[key] = (area, problem)
        if problem:
            column, value, reason, fallback = problem
            if self.options.on_unresolved == "parent" and fallback is not None:
                self._warn(number, column, f"{reason}; attached to {fallback.pcode}")
                return fallback
            self._reject(number, column, value, reason)
            return None
        return area

    def _origin(self, number: int, value) -> int | None:
        text = str(value or "").strip()
        if text.casefold() in UNKNOWN_WORDS:
            return None
        if text not in self.origin_cache:
            matches = resolve_area(text, 1)
            exact = [m for m in matches if m.exact]
            self.origin_cache[text] = (
                (self.areas[exact[0].pcode].pk, None)
                if len(exact) == 1
                else (None, suggest("governorate of origin", text, matches))
            )
        origin, problem = self.origin_cache[text]
        if problem:
            if self.options.on_unresolved == "parent":
                self._warn(number, "origin", f"{problem}; recorded as unknown")
                return None
            self._reject(number, "origin", text, problem)
        return origin

    def _period(self, number: int, value, when) -> str:
        if value not in (None, ""):
            text = str(value).strip()
            key = text.casefold()
            if key in self.periods:
                return self.periods[key]
            if key in UNKNOWN_WORDS:
                return ""
            self._reject(number, "period", text, "unknown period")
            return ""
        if when in (None, "") or not self.layout.periods:
            return ""
        parsed = parse_date(when, self.layout.fields["displacement_date"].date_format)
        if parsed is None:
            self._reject(number, "displacement_date", when, "not a date (expected dd-mm-yyyy)")
            return ""
        return self.layout.period_of(parsed)

    # ----- bookkeeping -----
    def _reject(self, number, column, value, reason) -> None:
        if not self.rejected or self.rejected[-1]["row"] != number:
            self.rows["rejected"] += 1
        self.rejected.append(
            {"row": number, "column": column, "value": shown(value), "reason": reason}
        )

    def _warn(self, number, column, reason) -> None:
        if not self.warnings or self.warnings[-1].get("row") != number:
            self.rows["warned"] += 1
        self.warnings.append({"row": number, "column": column, "reason": reason})

    def _count(self, location, population, families, individuals) -> None:
        key = (location, population)
        self.by_location[key] = self.by_location.get(key, 0) + families
        governorate = (
            self.location_gov.get(location)
            if isinstance(location, int)
            else self.new_locations[location].area.pcode[:5]
        )
        entry = self.totals.setdefault(
            population, {"families": 0, "individuals": 0, "by_governorate": {}}
        )
        entry["families"] += families
        entry["individuals"] += individuals
        by_gov = entry["by_governorate"].setdefault(governorate, {"families": 0, "individuals": 0})
        by_gov["families"] += families
        by_gov["individuals"] += individuals

    def _flush(self) -> None:
        if self.rejected or not self.pending:
            self.pending.clear()
            return
        fresh = [loc for loc in self.new_locations.values() if loc.pk is None]
        if fresh:
            Location.objects.bulk_create(fresh, batch_size=1000)
            for location in fresh:
                self.locations[location.external_id] = location.pk
                self.location_gov[location.pk] = location.area.pcode[:5]
        locations = self.locations
        rows = [
            (r[0], locations[r[1]] if isinstance(r[1], str) else r[1], *r[2:]) for r in self.pending
        ]
        insert_rows(rows)
        self.pending.clear()
