"""The tracking work that runs in the background: a master-list import started from its page."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop

from masar.core.jobs import Progress, register

from .choices import ImportOutcome
from .importing.batches import ImportRejected
from .importing.masterlist import import_masterlist, options_from
from .importing.report import report_lines
from .models import Round

IMPORT = "tracking.import"


def import_arguments(path: Path, filename: str, data: dict) -> dict[str, Any]:
    """The job's arguments (JSON) from the staged file and the page's cleaned form data."""
    options = {
        key: value.isoformat() if isinstance(value, date) else value
        for key, value in data.items()
        if key != "file"
    }
    return {"path": str(path), "filename": filename, "options": options}


@register(IMPORT)
def import_in_background(user, progress: Progress, *, path: str, filename: str, options: dict):
    """Import the staged file as `user`; the result is the report's lines and the round."""
    data = {
        **options,
        "round_start": date.fromisoformat(options["round_start"]),
        "round_end": date.fromisoformat(options["round_end"]),
    }
    try:
        report = import_masterlist(
            path, options_from(data), user=user, filename=filename, progress=progress
        )
    except ImportRejected as rejected:
        report = rejected.report
    finally:
        Path(path).unlink(missing_ok=True)
    outcome = report.get("outcome", "")
    with translation.override("en"):  # stored as the message id, translated when shown
        label = str(ImportOutcome(outcome).label) if outcome in ImportOutcome.values else outcome
    result: dict[str, Any] = {"outcome": outcome, "outcome_label": label}
    result["lines"] = report_lines(report)
    round_ = Round.objects.filter(
        start_date=data["round_start"], end_date=data["round_end"]
    ).first()
    if round_ is not None and report.get("outcome") == "imported":
        result["link"] = {
            "url": reverse("tracking:round", args=[round_.uid]),
            "label": gettext_noop("Open the round"),
        }
    return result
