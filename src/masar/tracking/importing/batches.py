"""The record of an import: the kept file, its checksum, its `ImportBatch` and its report.

Whatever the outcome, the file is kept (named by its checksum) and a batch records what
happened, so a rejected file can be looked at and the same file is never imported twice. The
DTM API import keeps its files the same way.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import NoReturn

from django.conf import settings

from ..choices import ImportKind, ImportOutcome
from ..models import ImportBatch


class ImportRejected(Exception):
    """The file was rejected; `report` says why (nothing was written)."""

    def __init__(self, report: dict):
        super().__init__(report.get("error") or "rejected")
        self.report = report


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def keep_file(path: Path, checksum: str) -> str:
    """Keep a copy of every uploaded file, named by its checksum, with the uploaded files.

    Under MEDIA_ROOT, so that `masar backup` takes them and retention finds them.
    """
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{checksum}{path.suffix.lower()}"
    if not target.exists():
        shutil.copyfile(path, target)
    return str(target)


def record_batch(report, path, round_, user, options, outcome) -> ImportBatch:
    """Record a master-list import that wrote nothing (rejected, or a dry run)."""
    return ImportBatch.objects.create(
        kind=ImportKind.MASTERLIST,
        round=round_,
        filename=report["file"][:255],
        stored_path=keep_file(path, report["checksum"]),
        checksum=report["checksum"],
        layout=options.layout,
        population_type=options.population or "",
        outcome=outcome,
        report=report,
        uploaded_by=user,
    )


def reject(report, error, path, round_, user, options) -> NoReturn:
    """Record the file as rejected with `error`, and raise ImportRejected with the report."""
    report["outcome"] = ImportOutcome.REJECTED.value
    report["error"] = error
    report.setdefault("rows", {"read": 0, "imported": 0, "rejected": 0, "warned": 0})
    record_batch(report, path, round_, user, options, ImportOutcome.REJECTED)
    raise ImportRejected(report)
