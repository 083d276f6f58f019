"""Master-list import of a national round, against the obvious pandas + bulk_create baseline.

Builds a round in Masar's layout — 3,000 IDP and 2,000 returnee locations, about 25,000 rows
of location × origin × period with families per shelter type — as CSV and as XLSX, then times
in this process:

- Masar's import (`import_masterlist`: streaming read, validation, resolution, one transaction);
- the baseline: `pandas.read_csv` / `pandas.read_excel`, then Django `bulk_create` of the same
  fact rows (with no validation at all).

Each figure is the median of `--repeat` runs; every run is rolled back so each starts from the
same database. Peak memory is measured separately (tracemalloc slows what it watches) on the
full file and on a fifth of it: flat memory means the two peaks are close.

    .venv/bin/python bench/tracking/bench_import.py                                     # SQLite
    scripts/throwaway-postgres.sh .venv/bin/python bench/tracking/bench_import.py      # PostgreSQL
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PERIODS = ["pre_jun_2014", "jun_jul_2014", "aug_2014", "post_sep_2014", "post_apr_2015"]


def setup() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from start_django import start_django

    start_django()
    from masar.geo.actions import load_geography
    from masar.geo.models import AdminArea, Location

    load_geography()
    if Location.objects.filter(external_id__startswith="B-").exists():
        return
    rng = random.Random(11)
    subdistricts = list(AdminArea.objects.filter(level=3))
    governorates = {a.pcode: a for a in AdminArea.objects.filter(level=1)}
    Location.objects.bulk_create(
        [
            Location(
                external_id=f"B-{i:05d}",
                area=(area := rng.choice(subdistricts)),
                governorate=governorates[area.pcode[:5]],
                name_en=f"Bench location {i}",
            )
            for i in range(5000)
        ],
        batch_size=1000,
    )


def build_rows(fraction: float = 1.0) -> tuple[list[list], list[str], list[str]]:
    """Rows in Masar's layout (header, HXL row, data) and the shelter column names."""
    sys.path.insert(0, str(ROOT))
    from masar.geo.models import AdminArea
    from masar.tracking.tests.files import MASAR_SHELTERS, masar_header, masar_row

    rng = random.Random(5)
    origins = list(AdminArea.objects.filter(level=1).values_list("name_en", flat=True))
    header, hxl = masar_header()
    rows = [header, hxl]
    locations = int(5000 * fraction)
    for i in range(locations):
        population = "idp" if i < locations * 3 // 5 else "returnee"
        for origin in rng.sample(origins, 5):
            shelters = rng.sample(MASAR_SHELTERS, rng.randint(1, 3))
            families = {s: rng.randint(1, 400) for s in shelters}
            period = rng.choice(PERIODS) if population == "idp" else ""
            rows.append(
                masar_row(f"B-{i:05d}", population, "", origin=origin, period=period, **families)
            )
    return rows, header, list(MASAR_SHELTERS)


def write_files(rows: list[list], folder: Path, stem: str) -> dict[str, Path]:
    sys.path.insert(0, str(ROOT))
    from masar.tracking.tests.files import write_xlsx

    csv_path = folder / f"{stem}.csv"
    with open(csv_path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return {"csv": csv_path, "xlsx": write_xlsx(folder / f"{stem}.xlsx", rows)}


def masar_import(path: Path, day: int) -> int:
    from masar.tracking.importing import Options, import_masterlist

    options = Options(round_start=date(2024, 1, day), round_end=date(2024, 1, day))
    report = import_masterlist(path, options)
    return report["rows"]["imported"]


def baseline_import(path: Path, day: int) -> int:
    """The obvious way: pandas reads the file, Django bulk_creates the facts (no checks)."""
    import pandas as pd

    from masar.geo.models import AdminArea, Location
    from masar.tracking.choices import CAMP_SHELTERS
    from masar.tracking.models import Figure, Round
    from masar.tracking.tests.files import MASAR_SHELTERS, masar_header

    header, _ = masar_header()
    shelter_headers = header[8:]
    if path.suffix == ".csv":
        frame = pd.read_csv(path, skiprows=[1], dtype={"Period": str}, keep_default_na=False)
    else:
        frame = pd.read_excel(
            path, skiprows=[1], dtype={"Period": str}, keep_default_na=False, engine="openpyxl"
        )
    locations = dict(Location.objects.values_list("external_id", "id"))
    origins = dict(AdminArea.objects.filter(level=1).values_list("name_en", "id"))
    round_ = Round.objects.create(start_date=date(2024, 2, day), end_date=date(2024, 2, day))
    facts = []
    for record in frame.itertuples(index=False):
        values = list(record)
        for shelter, column in zip(MASAR_SHELTERS, range(8, 8 + len(shelter_headers)), strict=True):
            families = values[column]
            if families in ("", None) or families != families:
                continue
            families = int(families)
            size = 5 if shelter in CAMP_SHELTERS else 6
            facts.append(
                Figure(
                    round=round_,
                    location_id=locations[values[0]],
                    population_type=values[1],
                    origin_id=origins.get(values[6]),
                    period=values[7] or "",
                    shelter=shelter,
                    families=families,
                    individuals=families * size,
                )
            )
    Figure.objects.bulk_create(facts, batch_size=1000)
    return len(frame)


def timed(function, path: Path, repeat: int) -> list[float]:
    from django.db import transaction

    times = []
    for run in range(repeat):
        with transaction.atomic():
            started = time.perf_counter()
            function(path, run + 1)
            times.append(time.perf_counter() - started)
            transaction.set_rollback(True)
    return times


def peak_memory(function, path: Path) -> float:
    from django.db import transaction

    with transaction.atomic():
        tracemalloc.start()
        function(path, 28)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        transaction.set_rollback(True)
    return peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup()
    from django.db import connection

    folder = Path(tempfile.mkdtemp(prefix="masar-bench-files-"))
    rows, _header, _shelters = build_rows()
    small_rows, _h, _s = build_rows(0.2)
    files = write_files(rows, folder, "round")
    small = write_files(small_rows, folder, "round-fifth")
    data_rows = len(rows) - 2
    print(f"database: {connection.vendor}; rows {data_rows:,} (5,000 locations)")
    print(
        f"{'format':6} {'importer':9} {'median s':>9} {'rows/s':>9} {'× baseline':>10} "
        f"{'peak MB':>8} {'peak MB at 1/5':>15}"
    )
    for kind in ("csv", "xlsx"):
        results = {}
        for label, function in (("baseline", baseline_import), ("masar", masar_import)):
            median = statistics.median(timed(function, files[kind], args.repeat))
            results[label] = (
                median,
                peak_memory(function, files[kind]),
                peak_memory(function, small[kind]),
            )
        base = results["baseline"][0]
        for label, (median, peak, small_peak) in results.items():
            print(
                f"{kind:6} {label:9} {median:9.3f} {data_rows / median:9,.0f} "
                f"{base / median:10.2f} {peak:8.1f} {small_peak:15.1f}"
            )


if __name__ == "__main__":
    main()
