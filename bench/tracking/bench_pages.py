"""Round page, map and figures API on the national demo instance.

Builds the national demo data set (six rounds of ~42,000 location facts) in a temporary
SQLite database (or the database DATABASE_URL names), then times with Django's test client:
the latest round's page and map, and the figures API at country, governorate and district
level; then the same for a national-size round imported from the import benchmark's file
(5,000 locations, 25,000 rows, ~50,000 facts). Each figure is a median over repeated runs,
with its query count and its ratio to the home page timed in the same run (the baseline),
because the machine is shared and noisy.

    .venv/bin/python bench/tracking/bench_pages.py [--repeat 30]
    scripts/throwaway-postgres.sh .venv/bin/python bench/tracking/bench_pages.py
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path


def setup() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from start_django import start_django

    start_django()
    from masar.demo.actions import generate_demo_data
    from masar.geo.actions import load_geography

    load_geography()
    started = time.perf_counter()
    generate_demo_data(seed=2026, scale="national")
    print(f"built the demo in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def national_round():
    """Import the import benchmark's national-size file into a round of its own."""
    from datetime import date

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_import

    from masar.tracking.importing import Options, import_masterlist
    from masar.tracking.models import Round

    existing = Round.objects.filter(start_date=date(2024, 12, 1)).first()
    if existing:
        return existing
    bench_import.setup()
    rows, _header, _shelters = bench_import.build_rows()
    files = bench_import.write_files(rows, Path(tempfile.mkdtemp()), "national")
    import_masterlist(files["csv"], Options(date(2024, 12, 1), date(2024, 12, 31)))
    return Round.objects.get(start_date=date(2024, 12, 1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    setup()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cases"))
    from bench_cases import measure
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from masar.tracking.models import Figure, Round
    from masar.tracking.queries import latest_round

    client = Client()
    client.force_login(get_user_model().objects.get(username="im_officer"))
    demo_round = latest_round()
    national = national_round()
    baseline, base_queries = measure(client, "/", args.repeat)
    rows = [("home page (baseline)", baseline, base_queries)]
    for name, round_ in (("demo", demo_round), ("national", national)):
        facts = Figure.objects.filter(round=round_).count()
        rows.append((f"-- {name} round, {facts:,} facts", None, None))
        api = f"/api/v1/figures/?round={round_.uid}"
        for label, path in (
            ("round page", f"/tracking/rounds/{round_.uid}/"),
            ("round map (GeoJSON)", f"/tracking/rounds/{round_.uid}/map.geojson"),
            ("figures API, country", f"{api}&level=country"),
            ("figures API, governorate", f"{api}&level=governorate&population=idp"),
            ("figures API, district", f"{api}&level=district"),
        ):
            rows.append((label, *measure(client, path, args.repeat)))
    print(f"database: {connection.vendor}; rounds {Round.objects.count()}")
    print(f"{'what':28} {'median ms':>10} {'× baseline':>10} {'queries':>8}")
    for label, median, queries in rows:
        if median is None:
            print(label)
            continue
        print(f"{label:28} {median:10.1f} {median / baseline:10.2f} {queries:8d}")


if __name__ == "__main__":
    main()
