"""The help-desk duplicate check on a national registry: 1,000 lookups, median and 95th percentile.

Builds a registry of about 1,000,000 members (185,000 households, with the demo generator
used by bench/cases), computes every member's comparison keys, then times `candidates_for` —
what the registration page runs — for 1,000 generated registrations: half are existing heads of
household typed again with another spelling (alef and taa marbuta variants, the Latin name,
a missing grandfather, a birth year one off), half are new people. Also reports how often the
existing household was among the shown matches (the check's recall on the typed-again half),
and, as the baseline in the same run, the same registrations matched by a plain query on
the normalised head's given and father's name.

    .venv/bin/python bench/dedup/bench_lookup.py                                   # SQLite
    scripts/throwaway-postgres.sh .venv/bin/python bench/dedup/bench_lookup.py     # PostgreSQL
    options: --households N (default 185000) --lookups N (default 1000)
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "cases"))

VARIANTS = str.maketrans({"ة": "ه", "أ": "ا", "إ": "ا", "ى": "ي", "ا": "أ"})


def typed_again(rng: random.Random, head) -> dict:
    """An existing head of household as another help desk might type them."""
    latin = head.latin_name.split()
    if latin and len(latin) >= 2 and rng.random() < 0.3:
        given, father = latin[0], latin[1]
    else:
        given, father = head.given_name.translate(VARIANTS), head.father_name
    year = head.birth_year or (head.date_of_birth.year if head.date_of_birth else None)
    if year and rng.random() < 0.3:
        year += rng.choice((-1, 1))
    return {
        "given_name": given,
        "father_name": father,
        "grandfather_name": "" if rng.random() < 0.3 else head.grandfather_name,
        "family_name": head.family_name,
        "sex": head.sex,
        "birth_year": year,
        "phone": head.phone if rng.random() < 0.4 else "",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=185_000)
    parser.add_argument("--lookups", type=int, default=1000)
    args = parser.parse_args()
    import bench_cases

    bench_cases.setup(args.households)
    from django.contrib.auth import get_user_model
    from django.db import connection

    from masar.cases.models import Member
    from masar.core.demo_names import person_name
    from masar.dedup.actions import rebuild_keys
    from masar.dedup.models import PersonKey
    from masar.dedup.queries import candidates_for
    from masar.lib.arabic import normalize_name

    members = Member.objects.count()
    if PersonKey.objects.count() < members:
        started = time.perf_counter()
        rebuild_keys()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"keys for {members:,} members in {time.perf_counter() - started:.0f} s")
    user = get_user_model().objects.get(username="case_supervisor")
    rng = random.Random(5)
    heads = list(Member.objects.filter(relationship="head").order_by("?")[: args.lookups // 2])
    lookups = [(typed_again(rng, h), h.household_id) for h in heads]
    for _ in range(args.lookups - len(lookups)):
        name = person_name(rng, rng.choice("mf"))
        lookups.append(
            ({"given_name": name.given, "father_name": name.father,
              "grandfather_name": name.grandfather, "family_name": name.family,
              "sex": "m", "birth_year": rng.randint(1950, 2005), "phone": ""}, None)
        )  # fmt: skip
    rng.shuffle(lookups)
    times, found, baseline_times = [], 0, []
    for person, household_id in lookups:
        started = time.perf_counter()
        shown, _outside = candidates_for(user, [person])
        times.append((time.perf_counter() - started) * 1000)
        if household_id and household_id in {c.household_id for c in shown}:
            found += 1
        started = time.perf_counter()
        key = normalize_name(f"{person['given_name']} {person['father_name']}")
        list(Member.objects.filter(search_key__startswith=key)[:5])
        baseline_times.append((time.perf_counter() - started) * 1000)
    times.sort()
    baseline_times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    base95 = baseline_times[int(len(baseline_times) * 0.95) - 1]
    print(f"database: {connection.vendor}; members {members:,}; lookups {len(times)}")
    print(f"candidate lookup: median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms "
          f"(target p95 < 200 ms)")  # fmt: skip
    print(f"baseline (plain name query): median {statistics.median(baseline_times):.1f} ms, "
          f"p95 {base95:.1f} ms; lookup p95 / baseline p95 = {p95 / base95:.1f}")  # fmt: skip
    typed = sum(1 for _p, h in lookups if h)
    print(f"existing household shown for {found} of {typed} typed-again registrations "
          f"({found / typed:.0%})")  # fmt: skip


if __name__ == "__main__":
    main()
