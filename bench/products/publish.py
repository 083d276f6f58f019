"""Publishing a national round: the release files with their suppression, and both PDF reports.

A round of 5,000 locations in every governorate with 50,000 figures (IDPs and returnees by
shelter, origin and period), key-informant answers and computed indices at 2,000 of them, and
400 registered households for the case-registry tables, published through the round's
workflow. Timed in this process:

- baseline: the public dashboard's page rendered without its cache (what a visitor's first
  request after a publication costs; median of 5), so that the ratios hold on a shared machine;
- release: `release_round` (every table as CSV and XLSX with HXL, suppression of the registry
  tables, datapackage.json, hdx_dataset.json);
- reports: `generate_reports` (the English and the Arabic PDF);
- the dashboard again, from its cache (median of 20 requests).

Target (issue 17): release and both PDFs in under 60 seconds on two cores.

    .venv/bin/python bench/products/publish.py                                    # SQLite
    scripts/throwaway-postgres.sh .venv/bin/python bench/products/publish.py      # PostgreSQL
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

LOCATIONS, FIGURES_PER_LOCATION, ANSWERED, HOUSEHOLDS = 5_000, 10, 2_000, 400


def setup():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from start_django import start_django

    start_django("masar-bench-publish-")
    from django.contrib.auth import get_user_model

    from masar.demo.actions import create_demo_users
    from masar.geo.actions import load_geography
    from masar.geo.models import AdminArea, Location
    from masar.indices.actions import compute_indices, ensure_shipped_methodologies
    from masar.indices.tests.factories import answer_all, random_picker
    from masar.tracking.choices import Period, Shelter
    from masar.tracking.models import Figure, Round
    from masar.tracking.workflow import ROUND_WORKFLOW

    load_geography()
    create_demo_users()
    ensure_shipped_methodologies()
    rng = random.Random(133)
    subdistricts = list(AdminArea.objects.filter(level=3).select_related("parent__parent"))
    governorates = list(AdminArea.objects.filter(level=1))
    Location.objects.bulk_create(
        [
            Location(
                external_id=f"PB-{n:05d}",
                name_en=f"Village {n}",
                area=(area := subdistricts[n % len(subdistricts)]),
                governorate=area.parent.parent,
            )
            for n in range(LOCATIONS)
        ],
        batch_size=2000,
    )
    places = list(Location.objects.filter(external_id__startswith="PB-").order_by("pk"))
    round_ = Round.objects.create(
        number=133, start_date=date(2024, 11, 1), end_date=date(2024, 12, 31)
    )
    shelters, periods = list(Shelter.values), [p for p in Period.values if p]
    Figure.objects.bulk_create(
        [
            Figure(
                round=round_,
                location=place,
                population_type="idp" if k % 2 else "returnee",
                shelter=shelters[(n + k) % len(shelters)],
                origin=governorates[(n + k) % len(governorates)],
                period=periods[k % len(periods)],
                families=(families := rng.randint(1, 60)),
                individuals=families * rng.randint(4, 7),
            )
            for n, place in enumerate(places)
            for k in range(FIGURES_PER_LOCATION)
        ],
        batch_size=5000,
    )
    answered = places[:ANSWERED]
    answer_all(round_, answered, "return-index", random_picker(1))
    answer_all(round_, answered, "displacement-index", random_picker(2))
    compute_indices(round_)
    users = get_user_model().objects
    officer, admin = users.get(username="im_officer"), users.get(username="admin")
    ROUND_WORKFLOW.run(officer, round_, "validate")
    ROUND_WORKFLOW.run(admin, round_, "publish")
    register_households(rng)
    round_.refresh_from_db()
    return round_, officer


def register_households(rng: random.Random) -> None:
    from masar.cases.tests.factories import register
    from masar.geo.tests.factories import site_in

    worker = __import__("django.contrib.auth", fromlist=["get_user_model"]).get_user_model()
    worker = worker.objects.get(username="case_worker")
    sites = [site_in("IQG15Q05N01", name=f"Camp {n}") for n in (1, 2)]
    for n in range(HOUSEHOLDS):
        register(worker, site=sites[n % 2])


def main() -> None:
    started = time.perf_counter()
    round_, officer = setup()
    figures = LOCATIONS * FIGURES_PER_LOCATION
    print(
        f"set up a round of {LOCATIONS:,} locations and {figures:,} figures "
        f"in {time.perf_counter() - started:.1f} s"
    )
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from masar.products.actions import generate_reports, release_round

    print(f"database: {connection.vendor}")
    uncached = []
    for _ in range(6):  # the first also loads the templates: left out of the median
        cache.clear()
        began = time.perf_counter()
        assert Client().get("/public/").status_code == 200
        uncached.append(time.perf_counter() - began)
    page_s = statistics.median(uncached[1:])
    began = time.perf_counter()
    release = release_round(officer, round_, note="Round 133")
    release_s = time.perf_counter() - began
    began = time.perf_counter()
    generate_reports(officer, round_)
    reports_s = time.perf_counter() - began
    total = release_s + reports_s
    client = Client()
    client.get("/public/")  # fills the cache
    cached = []
    for _ in range(20):
        began = time.perf_counter()
        client.get("/public/")
        cached.append(time.perf_counter() - began)
    cached_ms = statistics.median(cached) * 1000
    print(
        f"the public dashboard from its cache: median {cached_ms:.1f} ms over 20 "
        f"(ratio {cached_ms / 1000 / page_s:.3f} of uncached; target 50 ms, uncached 500 ms)"
    )
    print(
        f"baseline, the public dashboard uncached: median {page_s:.2f} s over 5 "
        f"(the first, with its templates: {uncached[0]:.2f} s)\n"
        f"release ({release.files.count()} files): {release_s:.1f} s "
        f"(ratio {release_s / page_s:.1f})\n"
        f"both PDF reports: {reports_s:.1f} s (ratio {reports_s / page_s:.1f})\n"
        f"publishing in all: {total:.1f} s against a target of 60 s"
    )


if __name__ == "__main__":
    main()
