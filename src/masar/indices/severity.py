"""The severity of locations by the Return Index, for other apps (cases guard departures with it).

A stable, small contract: other apps import only this module from `indices`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .choices import IndexKind


@dataclass(frozen=True)
class Severity:
    category: str  # "low" | "medium" | "high" (high includes very high)
    score: float
    round_label: str
    methodology: str  # e.g. "return-index@2"


def latest_return_index(location_ids: Iterable[int]) -> dict[int, Severity]:
    """Return each location's latest Return Index result in a released round (published and
    past any embargo: `tracking.access.released_rounds`), newest round, then newest version.

    Case workers see this before a departure, so a draft round's scores, which nobody has
    validated, and an embargoed round's, never reach them. Locations with no scored result are
    absent; an empty dict when none was ever released.
    """
    from masar.tracking.access import released_rounds

    from .models import IndexResult

    ids = list(dict.fromkeys(int(i) for i in location_ids))
    found: dict[int, Severity] = {}
    if not ids:
        return found
    for start in range(0, len(ids), 5000):  # stay under SQLite's bound-parameter limit
        rows = (
            IndexResult.objects.filter(
                location_id__in=ids[start : start + 5000],
                methodology__kind=IndexKind.RETURN,
                score__isnull=False,
                round__in=released_rounds(),
            )
            .order_by("location_id", "-round__end_date", "-methodology__version", "-id")
            .select_related("round", "methodology")
        )
        for result in rows:
            if result.location_id not in found:
                found[result.location_id] = Severity(
                    category=result.category,
                    score=result.score,
                    round_label=str(result.round),
                    methodology=result.methodology.key,
                )
    return found
