"""The data-protection page: auditors see who read what, filter it and export it; no one else."""

import csv
import io
import uuid
from datetime import datetime

import pytest
import time_machine

from masar.accounts.actions import log_access
from masar.accounts.models import AccessLog
from masar.lib.dates import BAGHDAD

pytestmark = pytest.mark.django_db

# Fixed, not random: the parametrised ids must be the same in every test worker.
FIRST = uuid.UUID("5b0c7c1e-3f52-4c57-9d0e-0a4f1e6b2a01")
SECOND = uuid.UUID("5b0c7c1e-3f52-4c57-9d0e-0a4f1e6b2a02")


@pytest.fixture
def reads(personas):
    with time_machine.travel(datetime(2026, 5, 3, 10, 0, tzinfo=BAGHDAD), tick=False):
        log_access(personas["case_worker"], "household", FIRST)
    with time_machine.travel(datetime(2026, 5, 9, 10, 0, tzinfo=BAGHDAD), tick=False):
        log_access(personas["supervisor"], "household", SECOND, via="export", action="export")
        log_access(personas["cfm_officer"], "ticket", SECOND, via="api")


@pytest.mark.parametrize("role", ["dpo", "admin"])
def test_auditors_see_every_read(role, personas, login, reads):
    page = login(personas[role]).get("/data-protection/")
    assert page.status_code == 200
    html = page.content.decode()
    assert str(FIRST) in html and str(SECOND) in html and "cw_ninewa" in html


@pytest.mark.parametrize(
    "role", ["case_worker", "supervisor", "partner", "psea", "cfm_officer", "im_officer"]
)
def test_no_one_else_reaches_the_page_or_its_exports(role, personas, login, reads):
    client = login(personas[role])
    assert client.get("/data-protection/").status_code == 404
    assert client.get("/data-protection/?format=csv").status_code == 404
    assert client.get("/data-protection/changes/").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("username=cw_ninewa", {str(FIRST)}),
        ("record_type=ticket", {str(SECOND)}),
        (f"record_uid={FIRST}", {str(FIRST)}),
        ("action=export", {str(SECOND)}),
        ("since=2026-05-05", {str(SECOND)}),
        ("until=2026-05-03", {str(FIRST)}),
    ],
)
def test_filters_narrow_the_rows(query, expected, personas, login, reads):
    response = login(personas["dpo"]).get(f"/data-protection/?{query}&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row["record_uid"] for row in rows if row["record_type"] != "access_log"} == expected


def test_the_export_matches_the_log_and_is_itself_logged(personas, login, reads):
    dpo = personas["dpo"]
    response = login(dpo).get("/data-protection/?format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 3
    assert {(r["user"], r["record_type"], r["action"], r["via"]) for r in rows} == {
        ("cw_ninewa", "household", "view", "page"),
        ("sup_ninewa", "household", "export", "export"),
        ("cfm", "ticket", "view", "api"),
    }
    logged = AccessLog.objects.get(user=dpo)
    assert (logged.record_type, logged.action) == ("access_log", "export")


def test_a_malformed_filter_is_shown_as_an_error_not_a_crash(personas, login, reads):
    response = login(personas["dpo"]).get("/data-protection/?record_uid=not-a-uuid&since=x")
    assert response.status_code == 200
    assert str(FIRST) in response.content.decode()
