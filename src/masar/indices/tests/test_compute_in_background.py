"""Computing a round's indices from its page: a tracking manager starts it, the worker runs it
with its progress on the job's page, the result links to the dashboard; nobody else may."""

from __future__ import annotations

import pytest

from masar.core.models import Job, JobStatus
from masar.indices.models import IndexResult

from .factories import answered_locations, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(geography):
    round_ = make_round()
    answered_locations(round_, count=6)
    return round_


def test_an_im_officer_computes_the_indices_from_the_round_page(client, personas, round_):
    client.force_login(personas["im_officer"])
    page = client.get(f"/tracking/rounds/{round_.uid}/").content.decode()
    assert f'action="/indices/rounds/{round_.uid}/compute/"' in page

    answer = client.post(f"/indices/rounds/{round_.uid}/compute/")

    job = Job.objects.get(kind="indices.compute")
    assert answer.status_code == 302 and answer["Location"] == f"/jobs/{job.uid}/"
    assert job.status == JobStatus.DONE, job.error
    assert (job.done, job.total, job.stage) == (2, 2, "Computing the indices")
    assert IndexResult.objects.filter(round=round_).count() == 12
    assert any(line.startswith("return-index@1: 6 locations") for line in job.result["lines"])
    shown = client.get(answer["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="/indices/rounds/{round_.uid}/' in shown and "Open the index dashboard" in shown


@pytest.mark.parametrize("who", ["case_worker", "enumerator", "supervisor", "partner"])
def test_no_one_but_a_tracking_manager_starts_it(client, personas, round_, who):
    client.force_login(personas[who])

    assert client.post(f"/indices/rounds/{round_.uid}/compute/").status_code == 404
    assert not Job.objects.exists() and not IndexResult.objects.exists()
    page = client.get(f"/tracking/rounds/{round_.uid}/").content.decode()
    assert "/compute/" not in page


def test_it_is_started_by_a_post_only(client, personas, round_):
    client.force_login(personas["im_officer"])

    assert client.get(f"/indices/rounds/{round_.uid}/compute/").status_code == 405
    assert not Job.objects.exists()
