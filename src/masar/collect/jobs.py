"""Collection work that runs in the background: pulls started from the pulls page, and the bulk
apply of what was received, started from the inbox.

Both run as `masar.core.jobs` work, so the page that starts one leads to the job's page with
its progress. Only one pull of a source is queued or running at a time: the source is claimed
(`PullSource.last_status`) before the job is queued.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from masar.core import jobs
from masar.core.jobs import Progress

from . import access, applying, pulling
from .choices import PullStatus
from .models import PullSource

PULL = "collect.pull"
APPLY = "collect.apply_received"
BUSY = (PullStatus.QUEUED, PullStatus.RUNNING)


class PullBusy(pulling.PullRefused):
    """The source already has a pull queued or running."""


def start_pull(user, source: PullSource):
    """Queue a pull of `source` as `user`; refuse while one is queued or running."""
    claimed = (
        PullSource.objects.filter(pk=source.pk)
        .exclude(last_status__in=BUSY)
        .update(last_status=PullStatus.QUEUED, last_error="")
    )
    if not claimed:
        raise PullBusy(f"A pull of {source.name} is already queued or running.")
    label = _("Pull from %(source)s") % {"source": source.name}
    return jobs.start(user, PULL, label, source_id=source.pk)


@jobs.register(PULL)
def pull_in_background(user, progress: Progress, *, source_id: int) -> dict[str, Any]:
    """The queued pull. A failure is kept on the source (one refused before it began is marked
    here) and on the job."""
    source = PullSource.objects.get(pk=source_id)
    stage = gettext_noop("Pulling submissions")
    try:
        result = pulling.pull(
            user, source, progress=lambda done, total: progress(done, total, stage)
        )
    except Exception as exc:
        PullSource.objects.filter(pk=source_id, last_status=PullStatus.QUEUED).update(
            last_status=PullStatus.FAILED,
            last_error=str(exc)[:2000],
            last_finished_at=timezone.now(),
        )
        raise
    counts = result.as_dict()
    return {
        "lines": [f"{key}: {value}" for key, value in counts.items()],
        "counts": counts,
        "link": {"url": reverse("collect:pulls"), "label": gettext_noop("Back to the pulls")},
    }


def start_apply(user):
    """Queue the bulk apply of every received submission (IM officers and administrators)."""
    if not access.may_pull(user):
        raise pulling.PullRefused(f"{user} may not apply submissions in bulk.")
    return jobs.start(user, APPLY, _("Apply the received submissions"))


@jobs.register(APPLY)
def apply_in_background(user, progress: Progress) -> dict[str, Any]:
    stage = gettext_noop("Applying submissions")
    counts = applying.apply_received(progress=lambda done, total: progress(done, total, stage))
    return {
        "lines": [f"{key}: {value}" for key, value in counts.items()],
        "counts": {str(key): value for key, value in counts.items()},
        "link": {"url": reverse("collect:inbox"), "label": gettext_noop("Back to the inbox")},
    }
