"""Import a master list into a round: stream, validate, resolve, write in one transaction.

Nothing is lost and nothing is half-done: any rejected row rejects the whole file (nothing is
written, the report lists every rejected row with its column and reason); the file is kept with
its checksum and report in an `ImportBatch` whatever the outcome; the same file cannot be
imported into the same round twice.
"""

from __future__ import annotations

import hashlib
import itertools
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import translation

from masar.geo.models import AdminArea, Location
from masar.geo.resolver import resolve_area
from masar.lib.dates import parse_date
from masar.lib.numbers import CountError, parse_count
from masar.lib.spreadsheets import FileFormatError, iter_rows

from ..choices import CAMP_SHELTERS, ImportKind, ImportOutcome, Period, PopulationType
from ..models import Figure, ImportBatch, Round
from .layouts import Layout, bind, is_hxl_row, load_layout

POPULATION_WORDS = {
    "idp": "idp", "idps": "idp", "نازح": "idp", "نازحين": "idp", "النازحين": "idp",
    "returnee": "returnee", "returnees": "returnee", "عائد": "returnee", "العائدين": "returnee",
}  # fmt: skip
POPULATION_TYPES = frozenset(PopulationType.values)
UNKNOWN_WORDS = {"", "unknown", "n/a", "na", "-", "غير معروف", "نەزانراو"}
INSERT_BATCH = 10_000
SHOWN_REJECTIONS = 20


class ImportRejected(Exception):
    """The file was rejected; `report` says why (nothing was written)."""

    def __init__(self, report: dict):
        super().__init__(report.get("error") or "rejected")
        self.report = report


class _DryRun(Exception):
    """Raised to roll back a dry run after full validation."""


@dataclass
class Options:
    round_start: date
    round_end: date
    round_number: int | None = None
    layout: str = "masar"
    population: str | None = None
    on_unresolved: str = "reject"
    dry_run: bool = False
    household_size: float | None = None
    camp_household_size: float | None = None
    plausibility_factor: float = 3.0


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def import_masterlist(path: Path | str, options: Options, *, user=None, filename: str = "") -> dict:
    """Import `path`; return the report, or raise ImportRejected with it (nothing written)."""
    path = Path(path)
    filename = filename or path.name
    checksum = sha256_of(path)
    report = {
        "file": filename,
        "checksum": checksum,
        "layout": options.layout,
        "round": {
            "start": options.round_start.isoformat(),
            "end": options.round_end.isoformat(),
            "number": options.round_number,
        },
    }
    try:
        layout = load_layout(options.layout)
    except FileFormatError as exc:
        return _reject(report, str(exc), path, None, user, options)
    round_ = Round.objects.filter(
        start_date=options.round_start, end_date=options.round_end
    ).first()
    if round_ is not None:
        earlier = ImportBatch.objects.filter(
            round=round_, checksum=checksum, outcome=ImportOutcome.IMPORTED
        ).first()
        if earlier is not None:
            report["duplicate_of"] = str(earlier.uid)
            return _reject(
                report,
                f"This file was already imported into this round on {earlier.created_at:%Y-%m-%d}.",
                path,
                round_,
                user,
                options,
            )
    try:
        with transaction.atomic():
            if round_ is None:
                round_ = Round.objects.create(
                    start_date=options.round_start,
                    end_date=options.round_end,
                    number=options.round_number,
                )
            batch = ImportBatch.objects.create(
                kind=ImportKind.MASTERLIST,
                round=round_,
                filename=filename[:255],
                checksum=checksum,
                layout=layout.name,
                population_type=options.population or layout.population or "",
                outcome=ImportOutcome.DRY_RUN if options.dry_run else ImportOutcome.IMPORTED,
                uploaded_by=user,
            )
            _Importer(layout, options, round_, batch, report).run(path)
            if report["rows"]["rejected"]:
                raise ImportRejected(report)
            if options.dry_run:
                raise _DryRun
            batch.stored_path = keep_file(path, checksum)
            batch.report = report
            report["outcome"] = ImportOutcome.IMPORTED.value
            batch.save(update_fields=["stored_path", "report"])
    except _DryRun:
        report["outcome"] = ImportOutcome.DRY_RUN.value
        _record(report, path, None, user, options, ImportOutcome.DRY_RUN)
        return report
    except ImportRejected:
        rejected = report["rows"]["rejected"]
        report["error"] = f"{rejected} row(s) rejected: nothing was imported."
        return _reject(report, report["error"], path, _existing_round(options), user, options)
    except FileFormatError as exc:
        return _reject(report, str(exc), path, _existing_round(options), user, options)
    return report


def import_upload(upload, data: dict, *, user=None) -> dict:
    """Import an uploaded file (a page's or the API's) with the form's options; return the
    report or raise ImportRejected, exactly as `import_masterlist`."""
    options = Options(
        round_start=data["round_start"],
        round_end=data["round_end"],
        round_number=data.get("round_number"),
        layout=data["layout"],
        population=data.get("population") or None,
        on_unresolved=data["on_unresolved"],
        dry_run=data["dry_run"],
    )
    with tempfile.NamedTemporaryFile(suffix=Path(upload.name).suffix.lower()[:6]) as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        return import_masterlist(handle.name, options, user=user, filename=upload.name)


def _existing_round(options: Options) -> Round | None:
    return Round.objects.filter(start_date=options.round_start, end_date=options.round_end).first()


def keep_file(path: Path, checksum: str) -> str:
    """Keep a copy of every uploaded file, named by its checksum, under the data directory."""
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{checksum}{path.suffix.lower()}"
    if not target.exists():
        shutil.copyfile(path, target)
    return str(target)


def _record(report, path, round_, user, options, outcome) -> ImportBatch:
    return ImportBatch.objects.create(
        kind=ImportKind.MASTERLIST,
        round=round_,
        filename=report["file"][:255],
        stored_path=keep_file(path, report["checksum"]),
        checksum=report["checksum"],
        layout=options.layout,
        population_type=options.population or "",
        outcome=outcome,
        report=report,
        uploaded_by=user,
    )


def _reject(report, error, path, round_, user, options) -> dict:
    report["outcome"] = ImportOutcome.REJECTED.value
    report["error"] = error
    report.setdefault("rows", {"read": 0, "imported": 0, "rejected": 0, "warned": 0})
    _record(report, path, round_, user, options, ImportOutcome.REJECTED)
    raise ImportRejected(report)


class _Importer:
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
    def run(self, path: Path) -> None:
        binding, first_row, rows = self._bind(iter_rows(path))
        shelter_items = list(binding.shelters.items())
        fields = binding.fields
        width = self.layout.min_columns
        number = first_row
        for row in rows:
            number += 1
            if not any(c not in (None, "") for c in row):
                continue
            self.rows["read"] += 1
            if width and len(row) < width:
                self._reject(number, "", "", f"expected {width} columns, found {len(row)}")
                continue
            self._row(number, row, fields, shelter_items)
        if not self.rows["read"]:
            raise FileFormatError("The file has no data rows.")
        self._flush()
        self._plausibility()
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
        location_id = _text_id(cell("location_id"))
        if not location_id:
            self._reject(number, "location_id", "", "missing location id")
            return
        population = (
            self.options.population or _population(cell("population")) or (self.layout.population)
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
        individuals = _individuals(
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
            latitude=_coordinate(cell("latitude")),
            longitude=_coordinate(cell("longitude")),
        )
        self.new_locations[location_id] = location
        return location_id

    def _area(self, number, governorate, district, subdistrict) -> AdminArea | None:
        key = (governorate, district, subdistrict)
        if key in self.area_cache:
            area, problem = self.area_cache[key]
        else:
            area, problem = _resolve_chain(governorate, district, subdistrict)
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
                else (None, _suggest("governorate of origin", text, matches))
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
        parsed = _date(when, self.layout.fields["displacement_date"].date_format)
        if parsed is None:
            self._reject(number, "displacement_date", when, "not a date (expected dd-mm-yyyy)")
            return ""
        return self.layout.period_of(parsed)

    # ----- bookkeeping -----
    def _reject(self, number, column, value, reason) -> None:
        if not self.rejected or self.rejected[-1]["row"] != number:
            self.rows["rejected"] += 1
        self.rejected.append(
            {"row": number, "column": column, "value": _shown(value), "reason": reason}
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

    def _plausibility(self) -> None:
        """Warn (never reject) on big changes since the previous round and on vanished locations."""
        if self.rejected:
            return
        from ..queries import population_by_location, previous_round

        previous = previous_round(self.round)
        if previous is None:
            return
        factor = self.options.plausibility_factor
        for population in {p for _loc, p in self.by_location}:
            before = population_by_location(previous, population)
            now = {
                (self.locations[loc] if isinstance(loc, str) else loc): families
                for (loc, pop), families in self.by_location.items()
                if pop == population
            }
            external = {v: k for k, v in self.locations.items()}
            for location_id, families in now.items():
                old = before.get(location_id, (0, 0))[0]
                if old >= 10 and (families > old * factor or families * factor < old):
                    self.warnings.append(
                        {
                            "kind": "change",
                            "location": external.get(location_id),
                            "population": population,
                            "reason": f"families changed from {old} to {families} since {previous}",
                        }
                    )
            missing = sorted(external.get(i, str(i)) for i in set(before) - set(now))
            if missing:
                self.warnings.append(
                    {
                        "kind": "missing",
                        "population": population,
                        "count": len(missing),
                        "locations": missing[:50],
                        "reason": f"{len(missing)} location(s) of {previous} are not in this file",
                    }
                )


def _text_id(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


FIGURE_COLUMNS = (
    "round_id", "location_id", "population_type", "origin_id", "period", "shelter", "families",
    "individuals", "batch_id",
)  # fmt: skip


def insert_rows(rows: list[tuple]) -> None:
    """Insert fact rows the fastest way each database offers, which matters for national
    rounds: COPY on PostgreSQL (psycopg splits long parameterised statements slowly), multi-row
    INSERT statements elsewhere (about twice as fast as executemany or bulk_create on SQLite).
    Both paths run under the whole test suite, which CI runs on both databases."""
    table = connection.ops.quote_name(Figure._meta.db_table)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            copy_sql = f"COPY {table} ({', '.join(FIGURE_COLUMNS)}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
        return
    width = len(FIGURE_COLUMNS)
    limit = connection.features.max_query_params or 65_535
    per_statement = max(1, min(500, limit // width))
    prefix = f"INSERT INTO {table} ({', '.join(FIGURE_COLUMNS)}) VALUES "
    placeholder = "(" + ", ".join(["%s"] * width) + ")"
    statements: dict[int, str] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            sql = statements.get(len(chunk))
            if sql is None:
                sql = statements[len(chunk)] = prefix + ", ".join([placeholder] * len(chunk))
            cursor.execute(sql, [value for row in chunk for value in row])


def _population(value) -> str | None:
    return POPULATION_WORDS.get(str(value or "").strip().casefold())


def _coordinate(value) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _date(value, fmt: str | None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in filter(None, (fmt, "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y")):
        try:
            return parse_date(text, pattern)
        except ValueError:
            continue
    return None


def _shown(value) -> str:
    return "" if value is None else str(value)[:80]


def _suggest(what: str, text: str, matches) -> str:
    if not matches:
        return f"unknown {what} {text!r}"
    names = ", ".join(f"{m.name_en} ({m.pcode})" for m in matches[:3])
    return f"unknown {what} {text!r}; did you mean: {names}?"


def _resolve_chain(governorate, district, subdistrict):
    """Resolve the finest area named; return (area, None) or (None, (column, value, reason,
    finest area that did resolve))."""
    from masar.geo.models import AdminArea as Area

    resolved = None
    for level, column, value in (
        (1, "governorate", governorate),
        (2, "district", district),
        (3, "subdistrict", subdistrict),
    ):
        text = str(value or "").strip()
        if not text:
            continue
        matches = resolve_area(text, level, resolved.pcode if resolved else None)
        exact = [m for m in matches if m.exact]
        if len(exact) != 1:
            return None, (column, text, _suggest(column, text, matches), resolved)
        resolved = Area.objects.get(pcode=exact[0].pcode)
    if resolved is None:
        return None, None
    return resolved, None


def _individuals(families_by_shelter, stated_total, size, camp_size) -> list[int]:
    """Individuals per shelter: the stated total apportioned by families, or the size rule."""
    if stated_total is None:
        return [
            round(families * (camp_size if shelter in CAMP_SHELTERS else size))
            for shelter, families in families_by_shelter
        ]
    total_families = sum(f for _s, f in families_by_shelter)
    shares = [stated_total * f / total_families for _s, f in families_by_shelter]
    floors = [int(s) for s in shares]
    remainder = stated_total - sum(floors)
    order = sorted(range(len(shares)), key=lambda i: shares[i] - floors[i], reverse=True)
    for i in order[:remainder]:
        floors[i] += 1
    return floors
