"""What every case write shares: the optimistic-locking save and the after-write notice."""

from __future__ import annotations

from typing import Any

from auditlog.context import auditlog_disabled
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from masar.core.workflow import Stale

from ..hooks import household_written
from ..models import Household


def bump(household: Household, expected_version: int | None, **changes: Any) -> None:
    """Save `changes` if the household is still at `expected_version` (None: don't check).

    The conditional UPDATE is what makes the lock optimistic, and it bypasses the save signals
    the change history listens to, so the history entry is written here from the same diff.
    """
    before = Household.objects.get(pk=household.pk) if changes else None
    query = Household.objects.filter(pk=household.pk)
    if expected_version is not None:
        query = query.filter(version=expected_version)
    updated = query.update(version=F("version") + 1, updated_at=timezone.now(), **changes)
    if not updated:
        raise Stale()
    household.refresh_from_db()
    if before is not None and not auditlog_disabled.get():
        diff = model_instance_diff(
            before,
            household,
            use_json_for_changes=getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False),
        )
        if diff:
            LogEntry.objects.log_create(household, action=LogEntry.Action.UPDATE, changes=diff)


def after_write(household: Household) -> None:
    """Let other apps react (duplicate-detection keys) once the write is committed."""
    transaction.on_commit(lambda: household_written.call(household.pk))
