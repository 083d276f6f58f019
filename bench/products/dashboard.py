"""The public dashboard and its downloads on the national demo instance.

Builds the national demo (its master-list rounds released through the workflow, indices
computed, the drought emergency published, 2,000 registered households) in a throwaway SQLite
database or the one DATABASE_URL names, then times with Django's test client, in this process:

- baseline: the sign-in page (a page that reads nothing), median of 20;
- `/public/` uncached in English and in Arabic (the cache cleared before each request), median
  of 5 after a first request that loads the templates;
- `/public/` from the cache, median of 20; and each CSV download uncached and cached.

Each figure is printed with its ratio to the baseline, because the machine is shared and noisy.
Targets (issue 17): cached median under 50 ms, uncached under 500 ms, page under 300 KB.

    .venv/bin/python bench/products/dashboard.py
    scripts/throwaway-postgres.sh .venv/bin/python bench/products/dashboard.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path


def setup() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from start_django import start_django

    start_django("masar-bench-dashboard-")
    from masar.demo.actions import generate_demo_data
    from masar.geo.actions import load_geography

    load_geography()
    started = time.perf_counter()
    generate_demo_data(seed=2026, scale="national")
    print(f"built the national demo in {time.perf_counter() - started:.0f} s")


def timed(client, url: str, *, clear: bool, repeat: int, language: str = "en") -> tuple:
    from django.core.cache import cache

    times, size = [], 0
    for _ in range(repeat):
        if clear:
            cache.clear()
        began = time.perf_counter()
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        times.append(time.perf_counter() - began)
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.content)
    return statistics.median(times) * 1000, size


def main() -> None:
    setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from masar.products import public
    from masar.products.tables import TABLES
    from masar.tracking.access import released_events, released_rounds

    client = Client()
    print(
        f"database: {connection.vendor}; released rounds: {released_rounds().count()}, "
        f"published emergencies: {released_events().count()}, latest: "
        f"{public.latest_released_round()}"
    )
    client.get("/accounts/login/")
    base, _ = timed(client, "/accounts/login/", clear=False, repeat=20)
    print(f"baseline, the sign-in page: median {base:.1f} ms over 20")
    for language in ("en", "ar"):
        cache.clear()
        client.get("/public/", HTTP_ACCEPT_LANGUAGE=language)  # templates, translations
        cold, size = timed(client, "/public/", clear=True, repeat=5, language=language)
        client.get("/public/", HTTP_ACCEPT_LANGUAGE=language)
        warm, _ = timed(client, "/public/", clear=False, repeat=20, language=language)
        print(
            f"/public/ ({language}): uncached median {cold:.0f} ms (ratio {cold / base:.1f}; "
            f"target 500 ms), cached median {warm:.1f} ms (ratio {warm / base:.2f}; target "
            f"50 ms), {size / 1024:.0f} KB (target 300 KB)"
        )
    for name in TABLES:
        url = f"/public/{name}.csv"
        cold, size = timed(client, url, clear=True, repeat=5)
        warm, _ = timed(client, url, clear=False, repeat=20)
        print(
            f"{url}: uncached {cold:.0f} ms (ratio {cold / base:.1f}), cached {warm:.1f} ms "
            f"(ratio {warm / base:.2f}), {size / 1024:.1f} KB"
        )


if __name__ == "__main__":
    main()
