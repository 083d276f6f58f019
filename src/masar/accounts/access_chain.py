"""The access log as a hash chain: appending rows under a lock, and verifying the whole chain.

Each row's hash covers its own fields and the previous row's hash. Someone with write access
to the database can still change a row, but not without recomputing every later hash and the
head; the verifier then finds the first row whose stored hash no longer matches, which is what
a data-protection officer needs to know after an incident. Rows are chained in primary-key
order, which is the order they were appended in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC

from django.db import transaction
from django.db.models import F

from .models import AccessLog, AccessLogHead

GENESIS = "0" * 64
GAP = "it does not follow the row before it (a row was removed or inserted)"
EDITED = "it was changed after it was written"


def row_digest(prev_hash: str, row: AccessLog) -> str:
    """The hash of one row: its content (never the record's content) after its predecessor's."""
    at = row.at.astimezone(UTC).isoformat(timespec="microseconds")
    content = "|".join(
        [
            prev_hash,
            str(row.user_id or ""),
            row.record_type,
            str(row.record_uid),
            row.action,
            row.via,
            at,
        ]
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def _locked_head() -> AccessLogHead:
    """The head row, locked for this transaction on PostgreSQL and SQLite alike.

    The no-op UPDATE takes SQLite's write lock before the read, so a second writer waits
    instead of chaining onto the same predecessor; on PostgreSQL `select_for_update` does it.
    """
    AccessLogHead.objects.get_or_create(pk=1)
    AccessLogHead.objects.filter(pk=1).update(rows=F("rows"))
    return AccessLogHead.objects.select_for_update().get(pk=1)


def append(rows: list[AccessLog]) -> None:
    """Chain `rows` onto the log and store them, all or none."""
    if not rows:
        return
    with transaction.atomic():
        head = _locked_head()
        previous = head.last_hash or GENESIS
        for row in rows:
            row.prev_hash = previous
            row.hash = row_digest(previous, row)
            previous = row.hash
        AccessLog.objects.bulk_create(rows)
        AccessLogHead.objects.filter(pk=1).update(last_hash=previous, rows=F("rows") + len(rows))


@dataclass(frozen=True)
class ChainReport:
    """What the verifier found: rows checked and, if broken, where and why."""

    rows: int
    broken_at: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None and not self.problem


def _in_order(chunk_size: int = 5000) -> Iterator[AccessLog]:
    last = 0
    while True:
        chunk = list(AccessLog.objects.filter(pk__gt=last).order_by("pk")[:chunk_size])
        if not chunk:
            return
        yield from chunk
        last = chunk[-1].pk


def verify() -> ChainReport:
    """Recompute the chain from the first row; report the first row that does not fit.

    Catches an edited row (its hash no longer matches its content), a removed or inserted row
    (the next row's `prev_hash` no longer matches) and removed newest rows (the head counts
    more rows, or another last hash, than the log holds).
    """
    previous = GENESIS
    count = 0
    for row in _in_order():
        count += 1
        if row.prev_hash != previous:
            return ChainReport(
                count,
                row.pk,
                "it does not follow the row before it (a row was removed or inserted)",
            )
        if row.hash != row_digest(previous, row):
            return ChainReport(count, row.pk, EDITED)
        previous = row.hash
    head = AccessLogHead.objects.filter(pk=1).first()
    expected_rows = head.rows if head else 0
    expected_hash = (head.last_hash or GENESIS) if head else GENESIS
    if count != expected_rows or previous != expected_hash:
        problem = f"the head records {expected_rows} rows and another last hash (rows were removed)"
        return ChainReport(count, None, problem)
    return ChainReport(count)
