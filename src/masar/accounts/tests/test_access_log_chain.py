"""The access log is append-only and tamper-evident: the chain verifies and names a changed row."""

import itertools
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from masar.accounts import access_chain
from masar.accounts.actions import log_access, log_accesses
from masar.accounts.models import AccessLog, AppendOnly

pytestmark = pytest.mark.django_db

TABLE = connection.ops.quote_name(AccessLog._meta.db_table)


@pytest.fixture
def rows(personas):
    log_access(personas["case_worker"], "household", uuid.uuid4())
    log_accesses(personas["supervisor"], "household", [uuid.uuid4() for _ in range(3)], via="api")
    log_access(None, "ticket", uuid.uuid4(), via="export", action="export")
    return list(AccessLog.objects.order_by("pk"))


def _raw(sql: str, params: list) -> None:
    """Change the table behind the application's back, as someone with database access could."""
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=TABLE), params)


def _verify() -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("verify_access_log", stdout=out)
    except CommandError as exc:
        return exc.returncode, str(exc)
    return 0, out.getvalue()


def test_an_untouched_log_verifies(rows):
    assert len(rows) == 5
    assert rows[0].prev_hash == access_chain.GENESIS
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(rows))
    code, message = _verify()
    assert code == 0
    assert "5 rows verified" in message


def test_an_edited_row_is_named(rows):
    victim = rows[2]
    _raw("UPDATE {table} SET record_uid = %s WHERE id = %s", [uuid.uuid4().hex, victim.pk])
    report = access_chain.verify()
    assert (report.broken_at, report.intact) == (victim.pk, False)
    code, message = _verify()
    assert code == 1
    assert f"row {victim.pk}" in message and "changed" in message


def test_an_edit_that_also_rewrites_the_rows_hash_breaks_the_next_row(rows):
    victim, following = rows[1], rows[2]
    victim.action = "export"
    forged = access_chain.row_digest(victim.prev_hash, victim)
    _raw("UPDATE {table} SET action = %s, hash = %s WHERE id = %s", ["export", forged, victim.pk])
    assert access_chain.verify().broken_at == following.pk


def test_a_removed_row_is_detected_where_the_gap_is(rows):
    _raw("DELETE FROM {table} WHERE id = %s", [rows[3].pk])
    report = access_chain.verify()
    assert report.broken_at == rows[4].pk
    assert "removed or inserted" in report.problem


def test_removing_the_newest_rows_is_detected_by_the_head(rows):
    _raw("DELETE FROM {table} WHERE id >= %s", [rows[3].pk])
    report = access_chain.verify()
    assert not report.intact
    assert report.broken_at is None and "head records 5 rows" in report.problem
    assert _verify()[0] == 1


def test_the_application_cannot_change_or_remove_a_row(rows):
    row = rows[0]
    row.action = "export"
    with pytest.raises(AppendOnly):
        row.save()
    with pytest.raises(AppendOnly):
        row.delete()
    with pytest.raises(AppendOnly):
        AccessLog.objects.filter(pk=row.pk).update(action="export")
    with pytest.raises(AppendOnly):
        AccessLog.objects.all().delete()
    assert access_chain.verify().intact


def test_rows_appended_after_a_verification_keep_the_chain(rows, personas):
    assert access_chain.verify().intact
    log_accesses(personas["cfm_officer"], "ticket", [uuid.uuid4(), uuid.uuid4()], via="api")
    report = access_chain.verify()
    assert (report.intact, report.rows) == (True, 7)
