"""Reads for the data-protection page: who read which personal record, who changed what.

Only the audit trail is read here, never the records themselves: a data-protection officer
learns that a case was read and by whom, not what it holds (the change history shows changed
values, which is why the page is for auditors only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from auditlog.models import LogEntry
from django.db.models import QuerySet
from django.utils import timezone

from .models import AccessLog


@dataclass(frozen=True)
class TrailFilter:
    """The filters of the data-protection page (every one optional)."""

    username: str = ""
    record_type: str = ""
    record_uid: str = ""
    action: str = ""
    since: date | None = None
    until: date | None = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def access_log_entries(filters: TrailFilter) -> QuerySet[AccessLog]:
    """Access-log rows matching `filters`, newest first; `until` includes its whole day."""
    rows = AccessLog.objects.select_related("user").order_by("-at", "-id")
    if filters.username:
        rows = rows.filter(user__username=filters.username)
    if filters.record_type:
        rows = rows.filter(record_type=filters.record_type)
    if filters.record_uid:
        rows = rows.filter(record_uid=filters.record_uid)
    if filters.action:
        rows = rows.filter(action=filters.action)
    if filters.since:
        rows = rows.filter(at__gte=_day_start(filters.since))
    if filters.until:
        rows = rows.filter(at__lt=_day_start(filters.until + timedelta(days=1)))
    return rows


def record_types() -> list[str]:
    """The kinds of record the log has seen, for the filter's choices."""
    return sorted(set(AccessLog.objects.values_list("record_type", flat=True).distinct()))


def change_entries(filters: TrailFilter) -> QuerySet[LogEntry]:
    """Field-level change-history entries matching `filters`, newest first.

    `record_type` is the model's name (household, member, referral, ticket); the record is
    named by its primary key in the history, so `record_uid` is not used here.
    """
    rows = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-id")
    if filters.username:
        rows = rows.filter(actor__username=filters.username)
    if filters.record_type:
        rows = rows.filter(content_type__model=filters.record_type)
    if filters.since:
        rows = rows.filter(timestamp__gte=_day_start(filters.since))
    if filters.until:
        rows = rows.filter(timestamp__lt=_day_start(filters.until + timedelta(days=1)))
    return rows
