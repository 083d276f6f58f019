"""Emergency tracking: dated updates per location, cumulative figures derived from them."""

from __future__ import annotations

import csv
import io
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from masar.accounts.choices import ASSESSORS
from masar.accounts.grants import get_grants
from masar.geo.models import Location
from masar.lib.numbers import CountError, parse_count
from masar.lib.spreadsheets import bounded_rows

from .access import can_manage, may_record_at
from .models import EmergencyEvent, EmergencyUpdate

COUNTS = (
    "families_displaced",
    "individuals_displaced",
    "families_returned",
    "individuals_returned",
)


@transaction.atomic
def create_event(user, data: dict) -> EmergencyEvent:
    if not can_manage(user):
        raise PermissionDenied
    return EmergencyEvent.objects.create(**data)


@transaction.atomic
def record_update(user, event: EmergencyEvent, data: dict) -> EmergencyUpdate:
    """Add (or correct) one location's figures for one date: by a tracking manager, or by an
    assessor in the location's governorate (an enumerator's field update)."""
    if not can_manage(user) and not get_grants(user).holds(*ASSESSORS):
        raise PermissionDenied
    location = Location.objects.filter(external_id=str(data["location"]).strip()).first()
    if location is None:
        raise ValidationError(f"Unknown location id {data['location']!r}.")
    if not can_manage(user) and not may_record_at(user, location):
        raise PermissionDenied
    if data["reported_on"] < event.start_date:
        raise ValidationError("The update is dated before the event started.")
    counts = {key: data.get(key) or 0 for key in COUNTS}
    for key, value in counts.items():
        _check_storable(key, value)
    update, _created = EmergencyUpdate.objects.update_or_create(
        event=event, location=location, reported_on=data["reported_on"], defaults=counts
    )
    # A published event's figures changed: the public pages' cache reads this stamp.
    EmergencyEvent.objects.filter(pk=event.pk).update(updated_at=timezone.now())
    return update


def _check_storable(key: str, value: int) -> None:
    """Refuse a count the database column cannot hold, which the database itself would refuse
    with an error (a 500) rather than a message."""
    try:
        EmergencyUpdate._meta.get_field(key).run_validators(value)
    except ValidationError as exc:
        raise ValidationError(f"{key}: {' '.join(exc.messages)}") from exc


def upload_updates(user, event: EmergencyEvent, raw: bytes) -> int:
    """Load updates from CSV; any bad row rejects the file with its row number and reason."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            'The file must be a UTF-8 CSV file: save it from Excel as "CSV UTF-8" and upload '
            "it again."
        ) from exc
    try:
        reader = bounded_rows(csv.reader(io.StringIO(text)))
        header = next(reader, [])
        rows = [dict(zip(header, row, strict=False)) for row in reader if row]
    except csv.Error as exc:
        raise ValidationError(f"The file cannot be read as CSV: {exc}.") from exc
    problems, parsed = [], []
    for number, row in enumerate(rows, start=2):
        try:
            counts = {key: parse_count(row.get(key)) or 0 for key in COUNTS}
            when = date.fromisoformat((row.get("date") or "").strip())
        except (CountError, ValueError) as exc:
            problems.append(f"row {number}: {exc}")
            continue
        parsed.append({"location": row.get("location_id", ""), "reported_on": when, **counts})
    if problems:
        raise ValidationError(problems[:20])
    with transaction.atomic():
        for number, data in enumerate(parsed, start=2):
            try:
                record_update(user, event, data)
            except ValidationError as exc:
                raise ValidationError(f"row {number}: {' '.join(exc.messages)}") from exc
    return len(parsed)


def cumulative(event: EmergencyEvent) -> list[dict]:
    """Per date: displaced and returned since the last update, and cumulative totals."""
    rows = (
        event.updates.values("reported_on")
        .annotate(**{key: Sum(key) for key in COUNTS})
        .order_by("reported_on")
    )
    running = dict.fromkeys(COUNTS, 0)
    series = []
    for row in rows:
        for key in COUNTS:
            running[key] += row[key]
        series.append(
            {
                **row,
                **{f"total_{key}": running[key] for key in COUNTS},
                "currently_displaced": running["individuals_displaced"]
                - running["individuals_returned"],
            }
        )
    return series
