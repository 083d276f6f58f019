"""A master list imported from its page runs as a background job the uploader follows."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from masar.core import jobs
from masar.core.models import Job, JobStatus
from masar.geo.tests.factories import location_in
from masar.tracking.models import Figure, ImportBatch

from .files import masar_file, masar_row

pytestmark = pytest.mark.django_db

FORM = {"round_start": "2024-01-01", "round_end": "2024-02-29", "layout": "masar",
        "on_unresolved": "reject"}  # fmt: skip


def upload(client, path, **extra):
    with open(path, "rb") as handle:
        return client.post("/tracking/import/", {**FORM, "file": handle}, **extra)


# The worker closes its database connection after each task: only committed data survives that.
@pytest.mark.django_db(transaction=True)
def test_the_page_queues_the_import_and_the_worker_runs_it(
    personas, geography, tmp_path, client, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    rows = [masar_row(f"L-{n}", camp=3 + n % 5) for n in range(1200)]
    for n in range(1200):
        location_in("IQG15Q05N01", external_id=f"L-{n}")
    path = masar_file(tmp_path / "r.csv", rows)
    client.force_login(personas["im_officer"])
    answer = upload(client, path)
    job = Job.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/jobs/{job.uid}/"
    assert job.status == JobStatus.QUEUED
    waiting = client.get(answer["Location"])
    assert waiting.status_code == 200
    assert 'id="job-progress"' in waiting.content.decode()
    assert not ImportBatch.objects.exists()

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert (job.done, job.total) == (1200, 1200)
    assert job.result["outcome"] == "imported"
    assert Figure.objects.count() > 0
    page = client.get(f"/jobs/{job.uid}/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "job-progress" not in page and "فتح الجولة" in page  # finished: "Open the round"
    status = client.get(f"/jobs/{job.uid}/status.json").json()
    assert status["finished"] is True and status["done"] == 1200
    assert not list((Path(settings.MEDIA_ROOT) / "staged").glob("*"))


def test_only_the_uploader_follows_the_job(personas, geography, tmp_path, client):
    location_in("IQG15Q05N01", external_id="L-1")
    client.force_login(personas["im_officer"])
    answer = upload(client, masar_file(tmp_path / "r.csv", [masar_row("L-1", camp=-1)]))
    client.force_login(personas["case_worker"])
    assert client.get(answer["Location"]).status_code == 404
    assert client.get(answer["Location"] + "status.json").status_code == 404


def test_a_rejected_file_ends_the_job_with_its_report(personas, geography, tmp_path, client):
    location_in("IQG15Q05N01", external_id="L-1")
    client.force_login(personas["im_officer"])
    page = upload(client, masar_file(tmp_path / "r.csv", [masar_row("L-1", camp=-1)]), follow=True)
    body = page.content.decode()
    assert "Rejected" in body and "negative number" in body
    assert Job.objects.get().status == JobStatus.DONE
    assert not Figure.objects.exists()


def test_a_job_whose_worker_died_is_marked_failed_not_left_running(personas):
    start = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        job = Job.objects.create(
            kind="tracking.import", label="x", status=JobStatus.RUNNING,
            started_at=start, heartbeat_at=start, created_by=personas["im_officer"],
        )  # fmt: skip
        clock.shift(jobs.STALE_AFTER - timedelta(minutes=1))
        assert jobs.mark_interrupted() == 0
        clock.shift(timedelta(minutes=2))
        assert jobs.mark_interrupted() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "Interrupted" in job.error


def test_work_that_raises_fails_the_job_with_its_message(personas):
    @jobs.register("test.broken")
    def broken(user, progress):
        progress(1, 2, "Halfway")
        raise ValueError("the file vanished")

    job = jobs.start(personas["im_officer"], "test.broken", "Broken work")
    job.refresh_from_db()
    assert (job.status, job.error, job.stage, job.done) == (
        JobStatus.FAILED, "the file vanished", "Halfway", 1
    )  # fmt: skip


def test_the_job_page_marks_a_job_whose_worker_died_as_failed(personas, client):
    start = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        job = Job.objects.create(
            kind="tracking.import", label="x", status=JobStatus.RUNNING,
            started_at=start, heartbeat_at=start, created_by=personas["im_officer"],
        )  # fmt: skip
        client.force_login(personas["im_officer"])
        assert client.get(f"/jobs/{job.uid}/status.json").json()["finished"] is False
        clock.shift(jobs.STALE_AFTER + timedelta(minutes=1))
        status = client.get(f"/jobs/{job.uid}/status.json").json()
    assert status["finished"] is True and status["status"] == JobStatus.FAILED
