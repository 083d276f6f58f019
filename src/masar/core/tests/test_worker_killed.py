"""A worker killed in the middle of a job: a real `db_worker` process runs it, is killed with
SIGKILL once the job has made progress, and the job is then failed with its reason as soon as
anyone reads it, not left "running" (nor for the 15 minutes a silent worker elsewhere gets)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.db import connection

from masar.core import jobs
from masar.core.models import Job, JobStatus

from .slow_work import SLOW

SETUP = "import django; django.setup(); import masar.core.tests.slow_work; "
WORKER = SETUP + (
    "from django.core.management import call_command; "
    "call_command('db_worker', '--no-startup-delay', '--interval', '0.2')"
)
READ = SETUP + (
    "import json, sys; from django.contrib.auth import get_user_model; "
    "from masar.core.jobs import job_for; "
    "user = get_user_model().objects.get(pk=int(sys.argv[2])); view = job_for(user, sys.argv[1]); "
    "print(json.dumps({'status': view.job.status, 'error': view.job.error, "
    "'done': view.job.done}))"
)


def worker_environment(tmp_path: Path) -> dict[str, str]:
    """What a separate process needs to open the test's own database: a copy of the in-memory
    SQLite database in a file, or the PostgreSQL test database itself."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "masar.settings",
        "SECRET_KEY": "worker-test-" + "x" * 50,
        "PYTHONPATH": str(Path(__file__).resolve().parents[3]),
    }
    env.pop("DATABASE_URL", None)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(tmp_path / "masar.sqlite3")
        connection.connection.backup(copy)
        copy.close()
        env["MASAR_DATA_DIR"] = str(tmp_path)
    else:
        s = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or 'localhost'}:"
            f"{s['PORT'] or 5432}/{s['NAME']}"
        )
    return env


def read_progress(tmp_path: Path, job: Job) -> tuple[str, int]:
    if connection.vendor == "sqlite":
        with sqlite3.connect(tmp_path / "masar.sqlite3") as db:
            return db.execute(
                "SELECT status, done FROM core_job WHERE id = ?", (job.pk,)
            ).fetchone()
    job.refresh_from_db()
    return job.status, job.done


# The worker reads what the test wrote: it must be committed.
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_job_leaves_the_job_failed_with_its_reason(
    personas, tmp_path, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    owner = personas["im_officer"]
    job = jobs.start(owner, SLOW, "Slow work", steps=400, pause=0.05)
    assert job.status == JobStatus.QUEUED
    env = worker_environment(tmp_path)
    worker = subprocess.Popen([sys.executable, "-c", WORKER], env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            status, done = read_progress(tmp_path, job)
            if status == JobStatus.RUNNING and done > 0:
                break
            time.sleep(0.2)
        assert (status, done > 0) == (JobStatus.RUNNING, True), "the worker never got going"
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL

    answer = subprocess.run(
        [sys.executable, "-c", READ, str(job.uid), str(owner.pk)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seen = json.loads(answer.stdout.strip().splitlines()[-1])

    assert seen["status"] == JobStatus.FAILED
    assert seen["error"] == "Interrupted: the background worker stopped before the work ended."
    assert 0 < seen["done"] < 400


@pytest.mark.django_db
@time_machine.travel(datetime(2024, 12, 15, 11, tzinfo=UTC), tick=False)
def test_only_a_job_whose_worker_process_is_gone_is_failed_at_once(personas):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    host = jobs.this_worker().rsplit(":", 1)[0]
    live = Job.objects.create(kind=SLOW, label="alive", status=JobStatus.RUNNING,
                              worker=jobs.this_worker())  # fmt: skip
    dead = Job.objects.create(kind=SLOW, label="dead", status=JobStatus.RUNNING,
                              worker=f"{host}:{gone.pid}")  # fmt: skip
    elsewhere = Job.objects.create(kind=SLOW, label="elsewhere", status=JobStatus.RUNNING,
                                   worker=f"other-host:{gone.pid}")  # fmt: skip
    for job in (live, dead, elsewhere):
        Job.objects.filter(pk=job.pk).update(heartbeat_at=job.created_at)

    assert jobs.mark_interrupted() == 1

    statuses = dict(Job.objects.values_list("label", "status"))
    assert statuses == {"alive": "running", "dead": "failed", "elsewhere": "running"}
