"""`masar backup` then `masar restore` into an empty instance gives back every row and file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command

from masar.accounts import access_chain
from masar.accounts.actions import log_accesses
from masar.cases.models import CaseEvent, Household, Member
from masar.cases.tests.factories import register, walk_to
from masar.core.backup import MANIFEST, BackupError, restore_backup, table_names

pytestmark = pytest.mark.django_db(transaction=True)
SAMPLED = (Household, Member, CaseEvent, apps.get_model("auth", "User"))


def serialized_sample() -> dict[str, str]:
    """Every household, member and event, and the users, as Django serialises them."""
    return {
        model._meta.label: serializers.serialize("json", model.objects.order_by("pk"))
        for model in SAMPLED
    }


@pytest.fixture
def instance(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "imports").mkdir(parents=True)
    (settings.MEDIA_ROOT / "imports" / "masterlist.csv").write_bytes("موقع,أسر\n".encode())
    household = register(personas["case_worker"])
    walk_to("assessed", personas["case_worker"], household)
    register(personas["supervisor"], latin_name="Zainab")
    log_accesses(personas["case_worker"], "household", [household.uid], via="page")
    return settings


def test_a_restore_into_an_empty_instance_reproduces_every_count_and_record(
    instance, tmp_path, run_command
):
    sample = serialized_sample()
    assert access_chain.verify().rows == 1
    code, out, _ = run_command("backup", str(tmp_path / "backup"))
    assert code == 0 and "Backed up" in out
    manifest = json.loads((tmp_path / "backup" / MANIFEST).read_text())
    assert manifest["counts"]["cases_household"] == 2
    assert manifest["media_files"] == 1

    call_command("flush", interactive=False)
    (Path(instance.MEDIA_ROOT) / "imports" / "masterlist.csv").unlink()
    assert not Household.objects.exists()

    code, out, err = run_command("restore", str(tmp_path / "backup"))

    assert code == 0, err
    assert "counts match" in out
    assert serialized_sample() == sample
    restored = (Path(instance.MEDIA_ROOT) / "imports" / "masterlist.csv").read_bytes()
    assert restored.decode() == "موقع,أسر\n"
    with_counts = json.loads((tmp_path / "backup" / MANIFEST).read_text())["counts"]
    assert set(with_counts) == set(table_names())
    assert run_command("verify_access_log")[0] == 0
    assert access_chain.verify().rows == 1


def test_restore_refuses_an_instance_holding_data_unless_forced(
    instance, personas, tmp_path, run_command
):
    call_command("backup", str(tmp_path / "backup"))
    register(personas["case_worker"])

    code, _, err = run_command("restore", str(tmp_path / "backup"))
    assert code != 0 and "--force" in err
    assert Household.objects.count() == 3

    code, _, err = run_command("restore", str(tmp_path / "backup"), "--force")
    assert code == 0, err
    assert Household.objects.count() == 2


def test_restore_refuses_a_backup_that_does_not_match_its_checksums(instance, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    with (tmp_path / "backup" / "media.tar").open("ab") as archive:
        archive.write(b"\0")
    call_command("flush", interactive=False)

    with pytest.raises(BackupError, match=r"media\.tar"):
        restore_backup(tmp_path / "backup")
    assert not Household.objects.exists()
