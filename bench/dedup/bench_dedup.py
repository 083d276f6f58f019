"""Evaluate the registry matcher against two baselines on generated Iraqi people.

For each size (10,000 and 100,000 people by default; add 1,000,000 with --sizes), the
generator (`generate.py`) writes people with known duplicates; then, in the same run:

- Masar: `masar find_duplicates --input … --truth truth` (Splink on DuckDB), in a child
  process so that its peak memory is its own;
- baseline 1: exact match on the normalised full name and birth year;
- baseline 2: the `recordlinkage` package (bench/.venv-recordlinkage, see
  baseline_recordlinkage.py), skipped with a note when that environment is missing.

Prints precision, recall, F1, seconds and peak memory per method and size.

    .venv/bin/python bench/dedup/bench_dedup.py [--sizes 10000 100000] [--threshold 0.95]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

from generate import evaluate, generate_rows, write_csv  # noqa: E402

RL_PYTHON = ROOT / "bench" / ".venv-recordlinkage" / "bin" / "python"


def child(command: list[str], **kwargs) -> tuple[float, float, str]:
    """Run a child process; return its seconds, its own peak resident memory (MB, from
    wait4) and its standard output."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True, **kwargs)
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0), err.seek(0)
        if process.returncode:
            raise SystemExit(f"{command[:3]} failed:\n{err.read()[-2000:]}")
        return seconds, usage.ru_maxrss / 1024, out.read()


def read_pairs(path: Path) -> set[tuple[str, str]]:
    with open(path, encoding="utf-8") as handle:
        return {(r["record_id_l"], r["record_id_r"]) for r in csv.DictReader(handle)}


def exact_baseline(records: list[dict]) -> set[tuple[str, str]]:
    from masar.lib.arabic import normalize_name

    groups: dict[tuple, list[str]] = defaultdict(list)
    for r in records:
        name = normalize_name(r["full_name"])
        if name:
            groups[(name, r["birth_year"])].append(r["record_id"])
    return {p for ids in groups.values() for p in combinations(sorted(ids), 2)}


def prepared_csv(records: list[dict], path: Path) -> None:
    from masar.dedup.linkage import FRAME_COLUMNS, prepare_record

    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FRAME_COLUMNS)
        writer.writeheader()
        for r in records:
            row = prepare_record(r)
            writer.writerow({k: "" if v is None else v for k, v in row.items()})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--threshold", type=float, default=0.95)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="masar-dedup-"))
    env = {**os.environ, "MASAR_DATA_DIR": str(folder)}
    print(f"{'people':>9} {'records':>9} {'method':16} {'precision':>9} {'recall':>7} "
          f"{'F1':>6} {'seconds':>8} {'peak MB':>8}")  # fmt: skip
    for size in args.sizes:
        people = folder / f"people-{size}.csv"
        write_csv(generate_rows(size, seed=7), people)
        with open(people, encoding="utf-8") as handle:
            records = list(csv.DictReader(handle))
        results = []
        out = folder / f"pairs-{size}.csv"
        seconds, peak, output = child(
            [str(ROOT / ".venv" / "bin" / "masar"), "find_duplicates", "--input", str(people),
             "--output", str(out), "--threshold", str(args.threshold), "--json"],
            env=env,
        )  # fmt: skip
        json.loads(output)
        results.append(("masar (splink)", evaluate(read_pairs(out), records), seconds, peak))
        started = time.perf_counter()
        exact = exact_baseline(records)
        results.append(("exact name+year", evaluate(exact, records),
                        time.perf_counter() - started, None))  # fmt: skip
        if RL_PYTHON.exists():
            prepared, rl_out = folder / f"prepared-{size}.csv", folder / f"rl-{size}.csv"
            prepared_csv(records, prepared)
            seconds, peak, _ = child(
                [str(RL_PYTHON), str(HERE / "baseline_recordlinkage.py"), str(prepared),
                 str(rl_out)]
            )  # fmt: skip
            results.append(("recordlinkage", evaluate(read_pairs(rl_out), records), seconds, peak))
        else:
            print(f"  (recordlinkage baseline skipped: {RL_PYTHON} missing)")
        for method, scores, seconds, peak in results:
            peak_text = f"{peak:8.0f}" if peak else f"{'-':>8}"
            quality = f"{scores['precision']:9.3f} {scores['recall']:7.3f} {scores['f1']:6.3f}"
            print(f"{size:9,} {len(records):9,} {method:16} {quality} {seconds:8.1f} {peak_text}")


if __name__ == "__main__":
    main()
