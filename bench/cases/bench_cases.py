"""Case pages, search and transitions on a national registry.

Builds 100,000 households (~550,000 members) with the demo generator, then times, with Django's
test client in this process: the case list, a search by name, a search by phone, a case page and a
workflow transition. Each figure is a median over repeated runs, printed with its query count and
its ratio to the home page timed in the same run (the baseline: a signed-in page that touches no
case), because the machine is shared and absolute times drift.

    scripts/throwaway-postgres.sh .venv/bin/python bench/cases/bench_cases.py      # PostgreSQL
    .venv/bin/python bench/cases/bench_cases.py                                     # SQLite (temp)
    options: --households N (default 100000) --repeat N (default 30)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path


def setup(households: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from start_django import start_django

    start_django()
    from masar.cases import demo as case_demo
    from masar.cases.models import Household
    from masar.core.demo import DemoContext
    from masar.demo.actions import create_demo_users
    from masar.geo.actions import load_geography
    from masar.geo.demo import generate_locations_and_sites

    if Household.objects.count() >= households:
        return
    load_geography()
    create_demo_users()
    context = DemoContext(seed=7, scale="national")
    generate_locations_and_sites(context)
    rng = context.rng("bench.cases")
    started = time.perf_counter()
    numbers: dict[int, int] = {}
    for chunk_start in range(0, households, 10_000):
        builder = case_demo._Builder(context, rng)
        builder.numbers = numbers
        states = list(case_demo.STATE_MIX)
        weights = [case_demo.STATE_MIX[s] for s in states]
        for final in rng.choices(states, weights=weights, k=min(10_000, households - chunk_start)):
            builder.household(final)
        if chunk_start == 0:
            builder.destination_assessments()
        builder.save()
        print(f"  built {chunk_start + 10_000:,} households", file=sys.stderr)
    print(f"built the registry in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    # Statistics as the database's own maintenance would have them after a bulk load.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(client, path: str, repeat: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        queries = len(captured)
    return statistics.median(times), queries


def searched(client, text: str) -> str:
    """The list URL a posted search redirects to (the text stays in the session)."""
    response = client.post("/cases/", {"q": text})
    assert response.status_code == 302, response.status_code
    return response["Location"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    setup(args.households)

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from masar.cases import actions
    from masar.cases.models import Household, Member

    user = get_user_model().objects.get(username="case_supervisor")
    client = Client()
    client.force_login(user)
    head = Member.objects.filter(relationship="head", phone__gt="").order_by("id")[5000]
    case = Household.objects.filter(state="monitoring").order_by("id")[100]
    print(
        f"database: {connection.vendor}; households {Household.objects.count():,}; "
        f"members {Member.objects.count():,}"
    )
    baseline, base_queries = measure(client, "/", args.repeat)
    rows = [("home page (baseline)", baseline, base_queries)]
    for label, path in (
        ("case list", "/cases/"),
        ("case list, page 200", "/cases/?page=200"),
        ("search by name", searched(client, f"{head.given_name} {head.father_name}")),
        ("search by phone", searched(client, head.phone)),
        ("search by case number", searched(client, case.case_number)),
        ("case page", f"/cases/{case.uid}/"),
    ):
        median, queries = measure(client, path, args.repeat)
        rows.append((label, median, queries))

    registered = list(Household.objects.filter(state="registered").order_by("id")[: args.repeat])
    times, queries = [], 0
    for household in registered:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            actions.transition(user, household, "assess", {"needs": {}})
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    rows.append(("transition (assess)", statistics.median(times), queries))

    print(f"{'what':28} {'median ms':>10} {'× baseline':>10} {'queries':>8}")
    for label, median, queries in rows:
        print(f"{label:28} {median:10.1f} {median / baseline:10.2f} {queries:8d}")


if __name__ == "__main__":
    main()
