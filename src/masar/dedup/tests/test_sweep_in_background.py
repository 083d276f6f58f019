"""A duplicate sweep from the review queue: a supervisor starts it, the worker links the
registry with the progress on the job's page, the result gives counts (no one's name) and
links back to the queue; a case worker may not start one."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from masar.cases import actions as cases
from masar.cases.tests.factories import FULL_CONSENT
from masar.core.models import Job, JobStatus
from masar.dedup.models import CandidatePair
from masar.geo.tests.factories import location_in, site_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(personas, geography):
    """Households from the linkage benchmark's generator, a fifth of them registered twice."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "bench" / "dedup"))
    from generate import generate_people

    site, destination = site_in("IQG15Q05N01"), location_in("IQG15Q05N01")
    names = []
    for person in generate_people(200, seed=5, duplicate_share=0.2):
        if not (person["birth_year"] and person["father_name"] and person["grandfather_name"]):
            continue
        head = {"relationship": "head", "sex": person["sex"] or "m",
                "given_name": person["given_name"] or person["full_name"].split()[0],
                "father_name": person["father_name"], "family_name": person["family_name"],
                "grandfather_name": person["grandfather_name"],
                "birth_year": person["birth_year"], "phone": person["phone"]}  # fmt: skip
        cases.register_household(
            personas["case_worker"],
            {"current_site": site, "destination": destination, "pathway": "return", **FULL_CONSENT},
            [head],
        )
        names.append(head["given_name"])
    return names


def test_a_supervisor_sweeps_the_registry_from_the_queue(client, personas, registry):
    client.force_login(personas["supervisor"])
    queue = client.get("/duplicates/").content.decode()
    assert 'action="/duplicates/sweep/"' in queue
    before = CandidatePair.objects.count()

    answer = client.post("/duplicates/sweep/")

    job = Job.objects.get(kind="dedup.sweep")
    assert answer.status_code == 302 and answer["Location"] == f"/jobs/{job.uid}/"
    assert job.status == JobStatus.DONE, job.error
    queued = CandidatePair.objects.filter(source="batch").count()
    assert queued > 0 and CandidatePair.objects.count() == before + queued
    assert f"new pairs of households queued for review: {queued:,}" in job.result["lines"]
    assert f"people linked: {len(registry):,}" in job.result["lines"]
    assert not any(name in json.dumps(job.result, ensure_ascii=False) for name in registry)
    shown = client.get(answer["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/duplicates/"' in shown and "Open the review queue" in shown


@pytest.mark.parametrize("who", ["case_worker", "im_officer", "partner"])
def test_a_sweep_needs_a_supervisor(client, personas, who):
    client.force_login(personas[who])

    assert client.post("/duplicates/sweep/").status_code == 404
    assert not Job.objects.exists()
