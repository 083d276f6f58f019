"""What an import of a master list is asked to do: the round, the layout, and how strict to be."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass
class Options:
    round_start: date
    round_end: date
    round_number: int | None = None
    layout: str = "masar"
    population: str | None = None
    on_unresolved: str = "reject"
    dry_run: bool = False
    household_size: float | None = None
    camp_household_size: float | None = None
    plausibility_factor: float = 3.0
