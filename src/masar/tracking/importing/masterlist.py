"""Import a master list into a round: stream, validate, resolve, write in one transaction.

Nothing is lost and nothing is half-done: any rejected row rejects the whole file (nothing is
written, the report lists every rejected row with its column and reason); the file is kept with
its checksum and report in an `ImportBatch` whatever the outcome; the same file cannot be
imported into the same round twice. This module holds the entry points; the pass over the
rows is `rows.RowImporter`, the record of the import `batches`.
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from masar.core.jobs import Progress
from masar.lib.spreadsheets import FileFormatError

from ..access import can_manage
from ..choices import ImportKind, ImportOutcome
from ..models import ImportBatch, Round
from .batches import ImportRejected, keep_file, record_batch, reject, sha256_of
from .layouts import load_layout, load_layout_file
from .options import Options
from .rows import RowImporter


class _DryRun(Exception):
    """Raised to roll back a dry run after full validation."""


def import_masterlist(
    path: Path | str,
    options: Options,
    *,
    user=None,
    filename: str = "",
    progress: Progress | None = None,
) -> dict:
    """Import `path`; return the report, or raise ImportRejected with it (nothing written).

    `user` is whoever uploaded it through a page or the API, and must hold a tracking-manager
    grant; None is the operator running the command on the server. `progress` hears how far
    the pass over the rows has got (a background job's, or the command's bar)."""
    if user is not None and not can_manage(user):
        raise PermissionDenied(_("Only IM officers and administrators import master lists."))
    path = Path(path)
    filename = filename or path.name
    checksum = sha256_of(path)
    report = {
        "file": filename,
        "checksum": checksum,
        "layout": options.layout,
        "round": {
            "start": options.round_start.isoformat(),
            "end": options.round_end.isoformat(),
            "number": options.round_number,
        },
    }
    try:
        layout = (
            load_layout_file(options.layout_file)
            if options.layout_file
            else load_layout(options.layout)
        )
    except FileFormatError as exc:
        return reject(report, str(exc), path, None, user, options)
    round_ = Round.objects.filter(
        start_date=options.round_start, end_date=options.round_end
    ).first()
    if round_ is not None:
        earlier = ImportBatch.objects.filter(
            round=round_, checksum=checksum, outcome=ImportOutcome.IMPORTED
        ).first()
        if earlier is not None:
            report["duplicate_of"] = str(earlier.uid)
            return reject(
                report,
                f"This file was already imported into this round on {earlier.created_at:%Y-%m-%d}.",
                path,
                round_,
                user,
                options,
            )
    try:
        with transaction.atomic():
            if round_ is None:
                round_ = Round.objects.create(
                    start_date=options.round_start,
                    end_date=options.round_end,
                    number=options.round_number,
                )
            batch = ImportBatch.objects.create(
                kind=ImportKind.MASTERLIST,
                round=round_,
                filename=filename[:255],
                checksum=checksum,
                layout=layout.name,
                population_type=options.population or layout.population or "",
                outcome=ImportOutcome.DRY_RUN if options.dry_run else ImportOutcome.IMPORTED,
                uploaded_by=user,
            )
            RowImporter(layout, options, round_, batch, report).run(path, progress)
            if report["rows"]["rejected"]:
                raise ImportRejected(report)
            if options.dry_run:
                raise _DryRun
            batch.stored_path = keep_file(path, checksum)
            batch.report = report
            report["outcome"] = ImportOutcome.IMPORTED.value
            batch.save(update_fields=["stored_path", "report"])
    except _DryRun:
        report["outcome"] = ImportOutcome.DRY_RUN.value
        record_batch(report, path, None, user, options, ImportOutcome.DRY_RUN)
        return report
    except ImportRejected:
        rejected = report["rows"]["rejected"]
        report["error"] = f"{rejected} row(s) rejected: nothing was imported."
        return reject(report, report["error"], path, _existing_round(options), user, options)
    except FileFormatError as exc:
        return reject(report, str(exc), path, _existing_round(options), user, options)
    return report


def options_from(data: dict) -> Options:
    """The import options from a page's or the API's cleaned form data."""
    return Options(
        round_start=data["round_start"],
        round_end=data["round_end"],
        round_number=data.get("round_number"),
        layout=data["layout"],
        population=data.get("population") or None,
        on_unresolved=data["on_unresolved"],
        dry_run=data["dry_run"],
    )


def import_upload(upload, data: dict, *, user=None) -> dict:
    """Import an uploaded file (a page's or the API's) with the form's options; return the
    report or raise ImportRejected, exactly as `import_masterlist`."""
    with tempfile.NamedTemporaryFile(suffix=Path(upload.name).suffix.lower()[:6]) as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        return import_masterlist(handle.name, options_from(data), user=user, filename=upload.name)


def stage_upload(upload) -> Path:
    """Keep an upload where the background worker can read it (removed once imported)."""
    folder = Path(settings.MEDIA_ROOT) / "staged"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()[:6]}"
    with open(target, "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return target


def _existing_round(options: Options) -> Round | None:
    return Round.objects.filter(start_date=options.round_start, end_date=options.round_end).first()
