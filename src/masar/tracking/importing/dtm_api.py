"""Import DTM API displacement exports: admin-level IDP figures per reporting date.

DTM publishes country, governorate (admin 1) and district (admin 2) figures through its API,
as CSV (optionally with an HXL row under the header) or JSON (a list of records, or the API's
`{"result": [...]}` envelope). Each reporting date becomes a round keyed by that date; each
record becomes an `AreaFigure`. The country figure does not always equal the sum of its
governorates or districts in DTM's own data: every such period is reported, never "fixed".

Like the master-list import, the whole file is one transaction: a rejected row rejects the
file, and the same file is imported once.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NoReturn

from django.db import transaction

from masar.geo.models import AdminArea
from masar.geo.resolver import code_key, resolve_one
from masar.lib.dates import parse_date
from masar.lib.numbers import CountError, parse_count
from masar.lib.spreadsheets import FileFormatError, iter_rows

from ..choices import ImportKind, ImportOutcome, PopulationType
from ..models import AreaFigure, ImportBatch, Round
from .batches import ImportRejected, keep_file, sha256_of
from .layouts import is_hxl_row

REQUIRED = ("admin0Pcode", "numPresentIdpInd", "reportingDate")
LEVEL_CODES = ((2, "admin2Pcode", "admin2Name"), (1, "admin1Pcode", "admin1Name"))


@dataclass
class _Record:
    row: int
    reported_on: date
    round_number: int | None
    area: AdminArea
    individuals: int


def read_records(path: Path) -> list[tuple[int, dict]]:
    """The file's records as (row, dict of strings), whether it is JSON or CSV/XLSX; the row
    is the file's line (CSV/XLSX) or the record's position (JSON), as a user would count."""
    with open(path, "rb") as handle:
        head = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    if path.suffix.lower() == ".json" or head[:1] in (b"[", b"{"):
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise FileFormatError(f"The JSON file cannot be read: {exc}.") from exc
        if isinstance(data, dict):
            data = data.get("result")
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise FileFormatError(
                'The JSON file must hold a list of records, or {"result": [records]}.'
            )
        return [
            (number, {k: "" if v is None else str(v) for k, v in r.items()})
            for number, r in enumerate(data, start=1)
        ]
    rows = iter_rows(path)
    header = next(rows, None)
    if not header:
        raise FileFormatError("The file is empty.")
    names = [str(h or "").strip() for h in header]
    records = []
    for number, row in enumerate(rows, start=2):
        if number == 2 and is_hxl_row(row):
            continue
        if not any(c not in (None, "") for c in row):
            continue
        records.append(
            (
                number,
                {n: "" if v is None else str(v).strip() for n, v in zip(names, row, strict=False)},
            )
        )
    return records


def _reporting_date(text: str) -> date:
    text = text.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return parse_date(text, "%d/%m/%Y")


def _round_number(text: str) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    return int(float(text))


def _area_of(record: dict, areas: dict[str, AdminArea]) -> tuple[AdminArea | None, str, str]:
    """The finest area the record names, or None with the column and value that failed."""
    for level, code_column, name_column in LEVEL_CODES:
        # The code decides when there is one; a name alone is used only without a code.
        code = record.get(code_column, "").strip()
        column, text = (code_column, code) if code else (name_column, record.get(name_column, ""))
        if text.strip():
            match = resolve_one(text, level)
            if match is None:
                return None, column, text
            return areas[match.pcode], column, text
    code = record.get("admin0Pcode", "").strip()
    if code_key(code) not in ("IQ", "IRQ"):
        return None, "admin0Pcode", code
    return areas["IQ"], "admin0Pcode", code


def _parse(records: list[tuple[int, dict]], report: dict) -> list[_Record]:
    parsed: list[_Record] = []
    seen: dict[tuple, int] = {}
    areas = {a.pcode: a for a in AdminArea.objects.filter(level__lte=2)}
    for index, record in records:

        def reject(column: str, value: str, reason: str, row: int = index) -> None:
            report["rejected"].append(
                {"row": row, "column": column, "value": value, "reason": reason}
            )

        missing = [c for c in REQUIRED if not record.get(c, "").strip()]
        if missing:
            reject(missing[0], "", "missing required field")
            continue
        try:
            reported_on = _reporting_date(record["reportingDate"])
        except ValueError:
            reject("reportingDate", record["reportingDate"], "not a date (YYYY-MM-DD)")
            continue
        try:
            individuals = parse_count(record["numPresentIdpInd"])
        except CountError as exc:
            reject("numPresentIdpInd", record["numPresentIdpInd"], str(exc))
            continue
        try:
            number = _round_number(record.get("roundNumber", ""))
        except ValueError:
            reject("roundNumber", record["roundNumber"], "not a whole number")
            continue
        area, column, value = _area_of(record, areas)
        if area is None:
            reject(column, value, "unknown area")
            continue
        key = (reported_on, area.pk)
        if key in seen:
            reject(column, value, f"same area and date as row {seen[key]}")
            continue
        seen[key] = index
        parsed.append(_Record(index, reported_on, number, area, individuals))
    return parsed


def consistency(records: list[_Record]) -> list[dict]:
    """Per reporting date: the round number and the country, governorate-sum and district-sum
    figures, with `mismatch` set where a sum differs from the country figure."""
    periods: dict[date, dict] = defaultdict(
        lambda: {"round_number": None, "country": None, "governorates": None, "districts": None}
    )
    for r in records:
        period = periods[r.reported_on]
        period["round_number"] = period["round_number"] or r.round_number
        if r.area.level == 0:
            period["country"] = r.individuals
        else:
            key = "governorates" if r.area.level == 1 else "districts"
            period[key] = (period[key] or 0) + r.individuals
    out = []
    for reported_on in sorted(periods):
        p = periods[reported_on]
        sums = [s for s in (p["governorates"], p["districts"]) if s is not None]
        mismatch = p["country"] is not None and any(s != p["country"] for s in sums)
        out.append(
            {
                "reporting_date": reported_on.isoformat(),
                "round_number": p["round_number"],
                "country": p["country"],
                "governorate_sum": p["governorates"],
                "district_sum": p["districts"],
                "mismatch": mismatch,
            }
        )
    return out


def import_dtm_api(
    path: Path | str, *, dry_run: bool = False, user=None, filename: str = ""
) -> dict:
    """Import a DTM API export; return the report, or raise ImportRejected (nothing written)."""
    path = Path(path)
    checksum = sha256_of(path)
    report: dict = {
        "file": filename or path.name,
        "checksum": checksum,
        "rows": {"read": 0, "imported": 0, "rejected": 0},
        "rejected": [],
        "periods": [],
        "mismatches": [],
    }
    try:
        records = read_records(path)
    except FileFormatError as exc:
        _refuse(report, str(exc), path, user)
    if not records:
        _refuse(report, "The file holds no records.", path, user)
    report["rows"]["read"] = len(records)
    missing_columns = [c for c in REQUIRED if c not in records[0][1]]
    if missing_columns:
        missing = ", ".join(missing_columns)
        _refuse(report, f"Not a DTM API export: missing column(s) {missing}.", path, user)
    if ImportBatch.objects.filter(
        kind=ImportKind.DTM_API, checksum=checksum, outcome=ImportOutcome.IMPORTED
    ).exists():
        _refuse(report, "This file has already been imported.", path, user)
    parsed = _parse(records, report)
    report["rows"]["rejected"] = len(report["rejected"])
    report["periods"] = consistency(parsed)
    report["mismatches"] = [p["reporting_date"] for p in report["periods"] if p["mismatch"]]
    if report["rejected"]:
        rejected = report["rows"]["rejected"]
        _refuse(report, f"{rejected} row(s) rejected: nothing was imported.", path, user)
    if dry_run:
        report["outcome"] = ImportOutcome.DRY_RUN.value
        report["rows"]["imported"] = len(parsed)
        return report
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            kind=ImportKind.DTM_API,
            filename=report["file"],
            checksum=checksum,
            stored_path=keep_file(path, checksum),
            population_type=PopulationType.IDP,
            outcome=ImportOutcome.IMPORTED,
            uploaded_by=user,
        )
        rounds = _rounds_for(parsed)
        for r in parsed:
            AreaFigure.objects.update_or_create(
                round=rounds[r.reported_on],
                area=r.area,
                population_type=PopulationType.IDP,
                defaults={"individuals": r.individuals, "families": None, "batch": batch},
            )
        report["rows"]["imported"] = len(parsed)
        report["outcome"] = ImportOutcome.IMPORTED.value
        batch.report = report
        batch.save(update_fields=["report"])
    return report


def _rounds_for(records: list[_Record]) -> dict[date, Round]:
    """One round per reporting date (start = end = that date), created when new."""
    numbers = {}
    for r in records:
        numbers.setdefault(r.reported_on, r.round_number)
    rounds = {}
    for reported_on, number in numbers.items():
        round_, created = Round.objects.get_or_create(
            start_date=reported_on, end_date=reported_on, defaults={"number": number}
        )
        if not created and number and not round_.number:
            round_.number = number
            round_.save(update_fields=["number"])
        rounds[reported_on] = round_
    return rounds


def _refuse(report: dict, error: str, path: Path, user) -> NoReturn:
    report["error"] = error
    report["outcome"] = ImportOutcome.REJECTED.value
    ImportBatch.objects.create(
        kind=ImportKind.DTM_API,
        filename=report["file"],
        checksum=report["checksum"],
        stored_path=keep_file(path, report["checksum"]),
        outcome=ImportOutcome.REJECTED,
        report=report,
        uploaded_by=user,
    )
    raise ImportRejected(report)
