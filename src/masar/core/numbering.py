"""Human-friendly references, numbered per programme and year: FVM-2025-000042.

Cases, referrals and feedback tickets each number their own programme from one counter table,
so a reference is never issued twice even when two help desks register at the same moment.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from .models import NumberCounter


@transaction.atomic
def next_case_number(programme: str, year: int) -> str:
    """Issue the next reference of `programme` in `year` (the counter row is locked)."""
    counter, _created = NumberCounter.objects.select_for_update().get_or_create(
        programme=programme, year=year
    )
    NumberCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db()
    return f"{programme}-{year}-{counter.last:06d}"


def continue_numbers_after(programme: str, year: int, last: int) -> None:
    """Make the next reference of `programme` in `year` follow `last`, after records were
    loaded with their numbers already given (the demo data)."""
    NumberCounter.objects.update_or_create(programme=programme, year=year, defaults={"last": last})
