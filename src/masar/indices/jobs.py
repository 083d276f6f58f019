"""The indices' work that runs in the background: computing a round's indices from its page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from masar.core import jobs
from masar.core.jobs import Progress, register
from masar.core.models import Job
from masar.tracking.models import Round

from . import actions, queries

COMPUTE = "indices.compute"


@register(COMPUTE)
def compute_in_background(user, progress: Progress, *, round: str) -> dict[str, Any]:
    """Compute the latest version of every methodology for the round, one after the other; the
    result is each one's summary, as the command prints it, and a link to the dashboard."""
    round_ = Round.objects.get(uid=round)
    actions.ensure_shipped_methodologies()
    methodologies = queries.latest_methodologies()
    reports = actions.compute_indices(round_, methodologies, progress=progress)
    lines = []
    for report in reports:
        categories = ", ".join(f"{k} {v:,}" for k, v in sorted(report.by_category.items()))
        lines.append(
            f"{report.methodology}: {report.locations:,} locations, {report.scored:,} scored "
            f"({categories}), {report.hotspots:,} hotspots"
        )
    result: dict[str, Any] = {"outcome": "computed", "lines": lines}
    scored = [m for m, r in zip(methodologies, reports, strict=True) if r.scored]
    if scored:
        result["link"] = {
            "url": reverse("indices:dashboard", args=[round_.uid, scored[0].name]),
            "label": gettext_noop("Open the index dashboard"),
        }
    return result


def start_computing(user, round_: Round) -> Job:
    """Queue the computation of the round's indices as `user` (a tracking manager: the caller
    checks `access.can_compute`); the caller sends them to the job's page."""
    return jobs.start(
        user, COMPUTE, _("Severity indices of %(round)s") % {"round": round_}, round=str(round_.uid)
    )
