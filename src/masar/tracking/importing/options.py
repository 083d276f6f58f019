"""What an import of a master list is asked to do: the round, the layout, and how strict to be."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass
class Options:
    round_start: date
    round_end: date
    round_number: int | None = None
    layout: str = "masar"
    # A layout file of the server's own, named by its operator on the command line only: pages
    # and the API choose among the shipped layouts by name.
    layout_file: Path | None = None
    population: str | None = None
    on_unresolved: str = "reject"
    dry_run: bool = False
    household_size: float | None = None
    camp_household_size: float | None = None
    plausibility_factor: float = 3.0
