"""Plausibility of a round against the one before: warnings, never rejections, for big changes
in a location's families and for locations that vanished from the file."""

from __future__ import annotations

from ..models import Round
from ..queries import population_by_location, previous_round


def plausibility_warnings(
    round_: Round,
    by_location: dict[tuple[int | str, str], int],
    locations: dict[str, int],
    factor: float,
) -> list[dict]:
    """Warnings for the families per (location, population) imported into `round_`: a change
    by more than `factor` since the previous round, and the previous round's locations not in
    this file. `locations` maps external ids to ids (new locations are keyed by external id)."""
    previous = previous_round(round_)
    if previous is None:
        return []
    warnings: list[dict] = []
    for population in {p for _loc, p in by_location}:
        before = population_by_location(previous, population)
        now = {
            (locations[loc] if isinstance(loc, str) else loc): families
            for (loc, pop), families in by_location.items()
            if pop == population
        }
        external = {v: k for k, v in locations.items()}
        for location_id, families in now.items():
            old = before.get(location_id, (0, 0))[0]
            if old >= 10 and (families > old * factor or families * factor < old):
                warnings.append(
                    {
                        "kind": "change",
                        "location": external.get(location_id),
                        "population": population,
                        "reason": f"families changed from {old} to {families} since {previous}",
                    }
                )
        missing = sorted(external.get(i, str(i)) for i in set(before) - set(now))
        if missing:
            warnings.append(
                {
                    "kind": "missing",
                    "population": population,
                    "count": len(missing),
                    "locations": missing[:50],
                    "reason": f"{len(missing)} location(s) of {previous} are not in this file",
                }
            )
    return warnings
