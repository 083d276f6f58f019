"""Long work in the background: started from a page, run by the worker, followed on a page.

An app registers the function that does a kind of work (`@register("tracking.import")`); a page
calls `start(user, kind, label, **arguments)` and sends the user to the job's page, which shows
the stage, rows done of total and the time left, refreshed while the work runs, then the result
or the error. The function receives a `progress(done, total, stage)` callback; what it returns
(JSON) is the job's result.

Jobs run through django-tasks (the database backend in production, `masar db_worker`); the tests
run them at once. A worker that dies mid-job leaves no heartbeat: a job silent for longer than
`STALE_AFTER`, or whose worker process on this host no longer exists (killed, or the machine
restarted), is marked failed when it is next read or when the demo starts, never left "running".
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from .models import Job, JobStatus

logger = logging.getLogger(__name__)

Progress = Callable[[int, int | None, str], None]
Work = Callable[..., dict[str, Any]]

STALE_AFTER = timedelta(minutes=15)
# Progress is written at most this often (and whenever the stage changes).
WRITE_EVERY_SECONDS = 0.5

_WORK: dict[str, Work] = {}


def register(kind: str) -> Callable[[Work], Work]:
    """Declare the function that does `kind` of work: `fn(user, progress, **arguments)`."""

    def decorate(fn: Work) -> Work:
        _WORK[kind] = fn
        return fn

    return decorate


def start(user, kind: str, label: str, **arguments: Any) -> Job:
    """Record a job for `user` and queue it; arguments must be JSON (ids, paths, dates as text)."""
    if kind not in _WORK:
        raise KeyError(f"no work registered as {kind!r}")
    job = Job.objects.create(kind=kind, label=label[:200], arguments=arguments, created_by=user)
    run_job.enqueue(job.pk)
    job.refresh_from_db()
    return job


class _Reporter:
    """The `progress` callback handed to the work: keeps the job's row up to date, cheaply."""

    def __init__(self, job: Job):
        self.job = job
        self.written_at = 0.0

    def __call__(self, done: int, total: int | None = None, stage: str = "") -> None:
        now = time.monotonic()
        changed = stage and stage != self.job.stage
        # Always kept in memory: the last figures are written when the job ends.
        self.job.done, self.job.total = done, total
        self.job.stage = (stage or self.job.stage)[:100]
        if not changed and now - self.written_at < WRITE_EVERY_SECONDS:
            return
        self.written_at = now
        Job.objects.filter(pk=self.job.pk).update(
            done=done, total=total, stage=self.job.stage, heartbeat_at=timezone.now()
        )


@task()
def run_job(job_id: int) -> None:
    """Run a queued job once; a failure is kept on the job (its message, not its traceback,
    which goes to the log by job id only)."""
    from django.contrib.auth import get_user_model

    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
        worker=this_worker(),
    )
    if not claimed:
        return
    job = Job.objects.get(pk=job_id)
    user = (
        get_user_model().objects.filter(pk=job.created_by_id).first()
        if job.created_by_id is not None
        else None
    )
    reporter = _Reporter(job)
    try:
        result = _WORK[job.kind](user, reporter, **job.arguments)
    except Exception as exc:
        logger.exception("job %s (%s) failed", job.uid, job.kind)
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        return
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.DONE,
        result=result or {},
        finished_at=timezone.now(),
        done=reporter.job.done,
        total=reporter.job.total,
        stage=reporter.job.stage,
    )


def this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def _process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


def _dead_here(running: QuerySet[Job]) -> list[int]:
    """The running jobs whose worker ran on this host and is no longer a process: killed, or
    the machine restarted. A worker elsewhere is judged by its heartbeat alone."""
    host = f"{socket.gethostname()}:"
    dead = []
    for pk, worker in running.filter(worker__startswith=host).values_list("pk", "worker"):
        pid = worker[len(host) :]
        if pid.isdigit() and _process_gone(int(pid)):
            dead.append(pk)
    return dead


def mark_interrupted(now: datetime | None = None, *, jobs: QuerySet[Job] | None = None) -> int:
    """Mark failed every running job (of `jobs`, or all) whose worker is gone: a process of
    this host that no longer exists, or silence for longer than STALE_AFTER."""
    now = now or timezone.now()
    running = (Job.objects.all() if jobs is None else jobs).filter(status=JobStatus.RUNNING)
    silent = Q(heartbeat_at__lt=now - STALE_AFTER) | Q(heartbeat_at__isnull=True)
    return running.filter(silent | Q(pk__in=_dead_here(running))).update(
        status=JobStatus.FAILED,
        error=_("Interrupted: the background worker stopped before the work ended."),
        finished_at=now,
    )


@dataclass(frozen=True)
class JobView:
    job: Job
    percent: int | None
    seconds_left: int | None

    @property
    def finished(self) -> bool:
        return self.job.status in (JobStatus.DONE, JobStatus.FAILED)


def job_for(user, uid: str) -> JobView | None:
    """The job `uid` as its owner sees it (anyone else: None, so the page answers 404); one
    left running by a worker that died is marked failed as it is read."""
    job = Job.objects.filter(uid=uid).first()
    if job is None or user is None or not user.is_authenticated:
        return None
    if job.created_by_id != user.pk and not user.is_superuser:
        return None
    if job.status == JobStatus.RUNNING and mark_interrupted(jobs=Job.objects.filter(pk=job.pk)):
        job.refresh_from_db()
    percent = seconds_left = None
    if job.total:
        percent = min(100, round(100 * job.done / job.total))
        if job.status == JobStatus.RUNNING and job.done and job.started_at:
            elapsed = (timezone.now() - job.started_at).total_seconds()
            seconds_left = round(elapsed * (job.total - job.done) / job.done)
    return JobView(job, percent, seconds_left)
