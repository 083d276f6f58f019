"""Build master-list files in the shipped layouts for tests and benchmarks."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from masar.tracking.importing import load_layout

MASAR_SHELTERS = list(load_layout("masar").shelters)


def masar_header() -> tuple[list[str], list[str]]:
    layout = load_layout("masar")
    fields = ["location_id", "population", "governorate", "district", "subdistrict",
              "location_name", "origin", "period"]  # fmt: skip
    header = [layout.fields[f].header for f in fields]
    hxl = [layout.fields[f].hxl for f in fields]
    for refs in layout.shelters.values():
        header.append(refs[0].header)
        hxl.append(refs[0].hxl)
    return header, hxl


def masar_row(
    location_id,
    population="idp",
    governorate="Ninewa",
    district="",
    subdistrict="",
    name="",
    origin="",
    period="",
    **families,
) -> list:
    row = [location_id, population, governorate, district, subdistrict, name, origin, period]
    return row + [families.get(s, "") for s in MASAR_SHELTERS]


def write_csv(path: Path, rows, *, encoding="utf-8", bom=False) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    data = buffer.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def write_xlsx(path: Path, rows) -> Path:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("master list")
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def masar_file(path: Path, rows, *, hxl=True, **kwargs) -> Path:
    header, tags = masar_header()
    lines = [header, tags] if hxl else [header]
    if path.suffix == ".xlsx":
        return write_xlsx(path, [*lines, *rows])
    return write_csv(path, [*lines, *rows], **kwargs)


DTM_SHELTERS = 13


def dtm_row(
    seq,
    place_id,
    *,
    governorate="Ninewa",
    district="Mosul",
    subdistrict="",
    origin="Ninewa",
    shelters=(),
    total=None,
    place="Hay Test",
    place_ar="حي",
    date="15-08-2014",
) -> list:
    counts = list(shelters) + [""] * (DTM_SHELTERS - len(shelters))
    numbers = [int(str(c).replace(",", "")) for c in counts if c not in ("",)]
    master = total if total is not None else f"{sum(numbers):,}"
    return [
        seq, f"M{seq}", f"D{seq}", master, origin, "Displaced", governorate, district, subdistrict,
        "Area", place, place_ar, place_id, "43.1", "36.3", "1", "2", "2014-09-30",
        *counts, "yes", "no", "food", "nfi", "", "", "", "note", date,
    ]  # fmt: skip
