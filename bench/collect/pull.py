"""Benchmark a pull from a local KoBoToolbox-shaped server: 5,000 then 50,000 submissions,
generated page by page, into a throwaway SQLite database. Memory must stay constant: the peak
at 50,000 within 1.5 times the peak at 5,000.

Run: .venv/bin/python bench/collect/pull.py [--repeat 1] [--apply]
Without --apply the records are stored only (applying 50,000 takes long and is measured by
the inbox's own tests); the output says which.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from start_django import start_django

start_django("masar-bench-pull-")

from masar.accounts.choices import Role  # noqa: E402
from masar.accounts.personas import make_persona  # noqa: E402
from masar.collect import pulling, queries  # noqa: E402
from masar.collect import questionnaires as q  # noqa: E402
from masar.collect.models import PullSource, Submission  # noqa: E402
from masar.collect.tests.upstream import KoboServer  # noqa: E402
from masar.indices.actions import ensure_shipped_methodologies  # noqa: E402


def records(n: int, offset: int):
    def generate():
        for i in range(offset, offset + n):
            yield {
                "_id": i,
                "_uuid": f"b-{i}",
                "meta/instanceID": f"uuid:b-{i}",
                "_submission_time": f"2026-06-01T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:"
                f"{i % 60:02d}.{i:07d}",
                "round": "r",
                "location": f"L-{i % 500:04d}",
                "members": [{"members/given_name": "A"}, {"members/given_name": "B"}],
                "_attachments": [],
            }

    return generate


def run(n: int, offset: int, form_id: str, user, apply: bool) -> tuple[float, int]:
    with KoboServer() as server:
        server.generate = records(n, offset)
        source = PullSource.objects.create(
            name=f"bench-{n}-{offset}",
            kind="kobo",
            base_url=server.url,
            remote_form="bench",
            form_id=form_id,
            secret_sealed=pulling.seal("secret"),
            created_by=user,
        )
        tracemalloc.start()
        started = time.perf_counter()
        result = pulling.pull(user, source, page_size=1000, apply=apply)
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert result.stored == n, result
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--apply", action="store_true")
    args = parser.parse_args()
    ensure_shipped_methodologies()
    form = next(f for f in queries.served_questionnaires() if f.name == q.KEY_INFORMANT)
    user = make_persona("bench-admin", Role.ADMIN)
    offset = 0
    figures = {}
    for n in (5_000, 50_000):
        times, peaks = [], []
        for _ in range(args.repeat):
            elapsed, peak = run(n, offset, form.form_id, user, args.apply)
            offset += n
            times.append(elapsed)
            peaks.append(peak)
        figures[n] = (statistics.median(times), statistics.median(peaks))
        print(
            f"{n:>6} submissions: median {figures[n][0]:.1f} s, "
            f"{n / figures[n][0]:.0f}/s, peak memory {figures[n][1] / 1e6:.1f} MB"
        )
    ratio = figures[50_000][1] / figures[5_000][1]
    print(f"peak memory ratio 50,000 / 5,000: {ratio:.2f} (target ≤ 1.5)")
    print("applied: yes" if args.apply else "applied: no (stored only; run with --apply)")
    print(f"stored in all: {Submission.objects.count()}")


if __name__ == "__main__":
    main()
