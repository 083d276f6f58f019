"""The products' work that runs in the background: a round's PDF reports."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from masar.core import jobs
from masar.core.jobs import Progress, register
from masar.core.models import Job
from masar.tracking.models import Round

from .actions import generate_reports

REPORT = "products.report"


@register(REPORT)
def report_in_background(user, progress: Progress, *, round: str) -> dict[str, Any]:
    """Print the round's reports as `user`; the result links to the list of reports."""
    round_ = Round.objects.get(uid=round)
    reports = generate_reports(user, round_, progress)
    return {
        "lines": [f"{r.language}: {r.size} bytes, sha256 {r.sha256}" for r in reports],
        "link": {"url": reverse("public:reports"), "label": gettext_noop("Open the reports")},
    }


def start_reports(user, round_: Round) -> Job:
    """Queue the printing of the round's reports as `user`; the caller sends them to the job."""
    return jobs.start(
        user, REPORT, _("Reports of %(round)s") % {"round": round_}, round=str(round_.uid)
    )
