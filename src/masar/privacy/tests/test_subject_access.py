"""A subject-access export holds the household's whole record and is itself logged."""

import json

import pytest

from masar.accounts.models import AccessLog
from masar.cases.tests.factories import register

pytestmark = pytest.mark.django_db


def test_the_export_holds_every_member_and_who_read_the_case(personas, run_command, tmp_path):
    worker = personas["case_worker"]
    household = register(worker)
    AccessLog.objects.create(
        user=personas["supervisor"], record_type="household", record_uid=household.uid
    )
    target = tmp_path / "sar.json"
    code, output, _ = run_command(
        "subject_access", household.case_number, "--as", worker.username, "--output", str(target)
    )
    assert code == 0, output
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["case_number"] == household.case_number
    assert sorted(m["given_name"] for m in document["members"]) == ["زينب", "علي"]
    assert [e["kind"] for e in document["events"]][:1] == ["registered"]
    assert document["reads"][0]["user"] == personas["supervisor"].id
    logged = AccessLog.objects.filter(record_uid=household.uid, action="export").get()
    assert (logged.user, logged.via) == (worker, "command")


def test_a_household_out_of_the_users_scope_is_not_exported(personas, run_command, tmp_path):
    household = register(personas["case_worker"])
    target = tmp_path / "sar.json"
    code, _, error = run_command(
        "subject_access",
        household.case_number,
        "--as",
        personas["other_case_worker"].username,
        "--output",
        str(target),
    )
    assert code == 2 and "among those" in error
    assert not target.exists()
    assert not AccessLog.objects.filter(record_uid=household.uid, action="export").exists()
