import itertools
import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from masar.core.terminal import progress_bar
from masar.dedup.linkage import prepare, train_and_predict
from masar.lib.spreadsheets import FileFormatError, iter_rows


def read_people(path: Path) -> list[dict]:
    rows = iter_rows(path)
    header = [str(h or "").strip() for h in next(rows, [])]
    if "record_id" not in header:
        raise CommandError("The input needs a record_id column.", returncode=2)
    if "full_name" not in header and "given_name" not in header:
        raise CommandError(
            "The input needs full_name, or given_name/father_name/grandfather_name/family_name.",
            returncode=2,
        )
    return [
        {h: ("" if v is None else str(v)) for h, v in zip(header, row, strict=False)}
        for row in rows
        if any(v not in (None, "") for v in row)
    ]


def precision_recall(pairs: set[tuple[str, str]], people: list[dict], truth: str) -> dict:
    """Pairwise precision, recall and F1 against a column naming each record's true person."""
    groups: dict[str, list[str]] = {}
    for person in people:
        if person.get(truth):
            groups.setdefault(person[truth], []).append(person["record_id"])
    true_pairs = {
        tuple(sorted(p)) for ids in groups.values() for p in itertools.combinations(ids, 2)
    }
    found = {tuple(sorted(p)) for p in pairs}
    hits = len(found & true_pairs)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(true_pairs) if true_pairs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "pairs": len(found),
            "true_pairs": len(true_pairs)}  # fmt: skip


class Command(BaseCommand):
    help = (
        "Find likely duplicate people with probabilistic record linkage (Splink on DuckDB). "
        "With --input, works on a CSV/XLSX file and writes pairs (and clusters) without any "
        "database; without it, sweeps the registry and queues household pairs for review."
    )

    def add_arguments(self, parser):
        parser.add_argument("--input", type=Path, help="people file (CSV or XLSX)")
        parser.add_argument("--output", type=Path, help="pairs CSV to write (file mode)")
        parser.add_argument("--clusters", type=Path, help="clusters CSV to write (file mode)")
        parser.add_argument("--threshold", type=float, default=0.95)
        parser.add_argument(
            "--truth", help="column giving each record's true person: print precision/recall"
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **opts):
        threshold = opts["threshold"]
        if not 0 < threshold < 1:
            raise CommandError("--threshold must be between 0 and 1.", returncode=2)
        if opts["input"] is None:
            return self._registry(threshold, opts["json"])
        if opts["output"] is None:
            raise CommandError("--output is required with --input.", returncode=2)
        try:
            people = read_people(opts["input"])
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {opts['input']}", returncode=2) from exc
        except FileFormatError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        started = time.perf_counter()
        result = train_and_predict(
            prepare(people), threshold=threshold, clusters=bool(opts["clusters"])
        )
        pairs = result.pairs[["record_id_l", "record_id_r", "match_probability"]]
        pairs.to_csv(opts["output"], index=False, float_format="%.6f")
        if opts["clusters"]:
            result.clusters.to_csv(opts["clusters"], index=False)
        summary = {
            "records": len(people),
            "pairs": len(pairs),
            "threshold": threshold,
            "seconds": round(time.perf_counter() - started, 1),
        }
        if opts["truth"]:
            found = set(zip(pairs["record_id_l"], pairs["record_id_r"], strict=True))
            summary["evaluation"] = precision_recall(found, people, opts["truth"])
        self._print(summary, opts["json"])

    def _registry(self, threshold: float, as_json: bool) -> None:
        from masar.dedup.actions import queue_registry_pairs

        started = time.perf_counter()
        with progress_bar() as progress:
            summary = queue_registry_pairs(threshold=threshold, progress=progress)
        summary["seconds"] = round(time.perf_counter() - started, 1)
        self._print(summary, as_json)

    def _print(self, summary: dict, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(summary, indent=2))
            return
        for key, value in summary.items():
            if isinstance(value, dict):
                value = ", ".join(
                    f"{k} {v:.4f}" if isinstance(v, float) else f"{k} {v}" for k, v in value.items()
                )
            self.stdout.write(f"{key}: {value}")
