"""Individuals from families: a stated total apportioned by families, else household sizes."""

from __future__ import annotations

from ..choices import CAMP_SHELTERS


def individuals_per_shelter(families_by_shelter, stated_total, size, camp_size) -> list[int]:
    """Individuals per shelter: the stated total apportioned by families, or the size rule."""
    if stated_total is None:
        return [
            round(families * (camp_size if shelter in CAMP_SHELTERS else size))
            for shelter, families in families_by_shelter
        ]
    total_families = sum(f for _s, f in families_by_shelter)
    shares = [stated_total * f / total_families for _s, f in families_by_shelter]
    floors = [int(s) for s in shares]
    remainder = stated_total - sum(floors)
    order = sorted(range(len(shares)), key=lambda i: shares[i] - floors[i], reverse=True)
    for i in order[:remainder]:
        floors[i] += 1
    return floors
