"""Pulls started from the page run as background tasks (django-tasks, database backend).

A pull of tens of thousands of submissions outlasts any request: the page queues it and the
worker (`masar db_worker`) runs it, writing its progress on the source after every page, which
the pulls page shows. Only one pull of a source is queued or running at a time.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tasks import task

from . import pulling
from .choices import PullStatus
from .models import PullSource

BUSY = (PullStatus.QUEUED, PullStatus.RUNNING)


class PullBusy(pulling.PullRefused):
    """The source already has a pull queued or running."""


def start_pull(user, source: PullSource) -> None:
    """Queue a pull of `source` as `user`; refuse while one is queued or running."""
    claimed = (
        PullSource.objects.filter(pk=source.pk)
        .exclude(last_status__in=BUSY)
        .update(last_status=PullStatus.QUEUED, last_error="")
    )
    if not claimed:
        raise PullBusy(f"A pull of {source.name} is already queued or running.")
    run_pull.enqueue(source.pk, user.pk)


@task()
def run_pull(source_id: int, user_id: int) -> dict[str, int]:
    """The queued pull. A failure is kept on the source (one refused before it began is marked
    here) and re-raised, so that the task's own record says it failed too."""
    source = PullSource.objects.get(pk=source_id)
    user = get_user_model().objects.get(pk=user_id)
    try:
        return pulling.pull(user, source).as_dict()
    except Exception as exc:
        PullSource.objects.filter(pk=source_id, last_status=PullStatus.QUEUED).update(
            last_status=PullStatus.FAILED,
            last_error=str(exc)[:2000],
            last_finished_at=timezone.now(),
        )
        raise
