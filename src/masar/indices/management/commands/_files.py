"""File reading and writing shared by the standalone index commands."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from django.core.management.base import CommandError

from masar.indices import engine


def load_methodology_arg(value: str) -> engine.Methodology:
    """A file path, or a shipped methodology's name."""
    try:
        return engine.load_methodology(value)
    except engine.MethodologyError as exc:
        raise CommandError(f"Methodology rejected: {exc}", returncode=2) from exc


def read_indicators(path: str, id_column: str) -> pd.DataFrame:
    """Read the indicators file, indexed by the id column; reject missing or duplicate ids."""
    try:
        frame = engine.read_table(path)
    except (OSError, ValueError) as exc:
        raise CommandError(f"Cannot read {path}: {exc}", returncode=2) from exc
    if id_column not in frame.columns:
        raise CommandError(f"{path}: no {id_column!r} column", returncode=2)
    ids = frame[id_column].astype(str).str.strip()
    problems = [f"row {n + 2}: no id" for n in ids.index[ids.isin(["", "nan"])]]
    duplicated = ids[ids.duplicated(keep=False) & ~ids.isin(["", "nan"])]
    problems += [f"id {i} appears more than once" for i in sorted(set(duplicated))]
    if problems:
        raise CommandError(f"{path} rejected: " + "; ".join(problems[:20]), returncode=2)
    frame.index = pd.Index(ids, name=id_column)
    return frame


def write_table(frame: pd.DataFrame, path: str) -> None:
    target = Path(path)
    if target.suffix.lower() == ".xlsx":
        frame.to_excel(target, index=False)
    else:
        frame.to_csv(target, index=False, encoding="utf-8")
