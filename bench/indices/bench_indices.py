"""Benchmark the indices: compute + store for 10,000 locations on SQLite, the standalone file
mode on 100,000 locations, and weight estimation on 10,000 locations.

Run: .venv/bin/python bench/indices/bench_indices.py [--repeat 3]
Uses a throw-away SQLite database in a temporary MASAR_DATA_DIR. Prints medians, the split
between computation and database writes, and the ratio to a baseline in the same process
(the same scores computed location by location in plain Python).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
os.environ["MASAR_DATA_DIR"] = tempfile.mkdtemp(prefix="masar-bench-indices-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masar.settings")
os.environ.setdefault("SECRET_KEY", "bench-secret-key-long-enough-for-the-system-check-xx")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from django.core.management import call_command  # noqa: E402

from masar.indices import actions, engine, queries  # noqa: E402


def median_time(func, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def random_answers(methodology, n: int, rng) -> pd.DataFrame:
    return pd.DataFrame(
        {i.code: rng.choice([o.code for o in i.options], n) for i in methodology.indicators}
    )


def baseline_scores(methodology, answers: pd.DataFrame) -> list[float]:
    """Location by location, as a spreadsheet macro would: the vectorised engine's baseline."""
    scores = []
    for record in answers.to_dict("records"):
        total = 0.0
        for group in methodology.groups:
            num = sum(i.weight * i.severity(record[i.code]) for i in group.indicators)
            den = sum(i.weight for i in group.indicators)
            total += group.weight * 100 * num / den
        scores.append(total / sum(g.weight for g in methodology.groups))
    return scores


def setup_database(n: int, rng):
    from masar.geo.actions import load_geography
    from masar.geo.models import AdminArea, Location
    from masar.tracking.models import Round

    call_command("migrate", verbosity=0)
    load_geography()
    subdistricts = list(AdminArea.objects.filter(level=3).values_list("id", "pcode"))
    governorates = dict(AdminArea.objects.filter(level=1).values_list("pcode", "id"))
    picks = rng.integers(0, len(subdistricts), n)
    Location.objects.bulk_create(
        [
            Location(
                external_id=f"B{k:06d}",
                name_en=f"Bench {k}",
                area_id=subdistricts[p][0],
                governorate_id=governorates[subdistricts[p][1][:5]],
                latitude=33 + rng.random(),
                longitude=43 + rng.random(),
            )
            for k, p in enumerate(picks)
        ],
        batch_size=2000,
    )
    round = Round.objects.create(start_date=dt.date(2024, 11, 1), end_date=dt.date(2024, 12, 31))
    ids = np.array(Location.objects.values_list("id", flat=True))
    for m in actions.ensure_shipped_methodologies():
        answers = random_answers(m.engine, n, rng)
        answers.index = ids
        actions.store_answers(round, m.name, answers, source="demo")
    population = {int(i): int(p) for i, p in zip(ids, rng.integers(0, 3000, n), strict=True)}
    queries.get_population = lambda round, kind: population  # tracking's figures, stubbed
    return round


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    rng = np.random.default_rng(2024)
    ri = engine.load_methodology("return-index")

    print("== compute + store both indices, 10,000 locations, SQLite")
    started = time.perf_counter()
    round = setup_database(10_000, rng)
    print(f"  setup (migrate, geography, 330,000 answers): {time.perf_counter() - started:.1f} s")
    splits = []

    def run():
        reports = actions.compute_indices(round)
        splits.append(
            (sum(r.seconds_compute for r in reports), sum(r.seconds_write for r in reports))
        )
        return reports

    total, reports = median_time(run, repeat)
    compute = statistics.median(s[0] for s in splits)
    write = statistics.median(s[1] for s in splits)
    print(f"  total median {total:.2f} s  (target < 2 s)")
    print(f"    read + compute {compute:.2f} s, database writes {write:.2f} s")
    for r in reports:
        print(f"    {r.methodology}: {r.locations} locations, {r.hotspots} hotspots")

    print("== standalone compute_index, 100,000 locations (CSV in, CSV out)")
    workdir = Path(tempfile.mkdtemp(prefix="masar-bench-files-"))
    frame = random_answers(ri, 100_000, rng)
    frame.insert(0, "location_id", [f"L{k:06d}" for k in range(len(frame))])
    frame.insert(1, "subdistrict", rng.choice([f"SD{k:03d}" for k in range(300)], len(frame)))
    frame.insert(2, "population", rng.integers(0, 3000, len(frame)))
    frame.to_csv(workdir / "in.csv", index=False)
    args = ["--methodology", "return-index", "--input", str(workdir / "in.csv")]

    def standalone():
        call_command(
            "compute_index", *args, "--output", str(workdir / "out.csv"),
            "--hotspots", str(workdir / "hot.csv"), stdout=io.StringIO(),
        )  # fmt: skip

    file_time, _ = median_time(standalone, repeat)
    engine_time, _ = median_time(lambda: engine.compute_scores(ri, frame), repeat)
    sample = frame.iloc[:10_000]
    baseline_time, _ = median_time(lambda: baseline_scores(ri, sample), 1)
    print(f"  command median {file_time:.2f} s  (target < 5 s); engine alone {engine_time:.3f} s")
    print(
        f"  baseline (plain Python loop) {baseline_time * 10:.1f} s per 100,000 (measured on "
        f"10,000): engine is {baseline_time * 10 / engine_time:.0f}x faster"
    )

    print("== estimate_weights, 10,000 locations")
    answers = random_answers(ri, 10_000, rng)
    s = engine.severities(ri, answers)
    beta = -np.linspace(0.3, 2.0, len(ri.indicators))
    y = pd.Series((rng.random(10_000) < 1 / (1 + np.exp(-(s @ beta - s.mean(0) @ beta)))) * 1)
    import statsmodels.api  # noqa: F401  (import time is not estimation time)

    estimate_time, estimation = median_time(lambda: engine.estimate_weights(ri, answers, y), repeat)
    print(
        f"  median {estimate_time:.2f} s  (target < 10 s); pseudo-R² "
        f"{estimation.diagnostics['pseudo_r2']:.3f}"
    )


if __name__ == "__main__":
    main()
