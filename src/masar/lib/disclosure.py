"""Small-cell suppression: the one disclosure control applied to counts of people and tickets
shown to users who do not see the records behind them.

What it does, precisely:

- Primary suppression: a count from 1 to `threshold - 1` is not published. Zero is published
  (DTM practice: a zero reveals no person, and hiding it would make every table unreadable).
- A breakdown (`suppress_breakdown`: counts by one dimension that add up to a published total)
  also gets secondary suppression: while the cells withheld in it add up to something from 1 to
  `threshold - 1`, the smallest published positive cell is withheld too. So what a reader can
  compute as `total - sum(published cells)` is 0 or at least `threshold`, and no withheld cell
  can be recovered from the total. A total itself below the threshold is withheld, and with it
  every positive cell.
- Each breakdown is protected on its own: two breakdowns of the same tickets (by type, by
  channel) share only their total, which both publish the same way.
- A table whose columns add up to totals published elsewhere (`suppress_within`: households by
  site and state, beside the households by state) is protected column by column: a column
  whose published total is withheld has every positive cell withheld too (else its cells would
  add up to it), and any other column is a breakdown of its total. Row totals of such a table
  must not be published: nothing here protects them.

Withheld cells are `Suppressed` values, rendered "<5" (primary) or "x" (secondary: such a cell
may be any size, so "<5" would be false).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.utils.translation import gettext

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Suppressed:
    """A withheld count: below the threshold (primary), or withheld to protect one (secondary)."""

    threshold: int
    primary: bool = True

    def __str__(self) -> str:
        if self.primary:
            return gettext("<%(threshold)s") % {"threshold": self.threshold}
        return gettext("x")


Published = int | Suppressed


def suppress(count: int, threshold: int) -> int | None:
    """The count if it may be published, None if it falls from 1 to `threshold - 1`."""
    return None if 0 < count < threshold else count


def published(count: int, threshold: int) -> Published:
    """`suppress` as a value a page or an export shows."""
    return count if suppress(count, threshold) is not None else Suppressed(threshold)


def suppress_breakdown(
    cells: Mapping[K, int], threshold: int
) -> tuple[dict[K, Published], Published]:
    """(published cells, published total) of counts that add up to their total."""
    total = sum(cells.values())
    if suppress(total, threshold) is None:
        return {key: published(n, threshold) for key, n in cells.items()}, Suppressed(threshold)
    withheld = {key for key, n in cells.items() if suppress(n, threshold) is None}
    secondary: set[K] = set()
    while 0 < sum(cells[key] for key in withheld | secondary) < threshold:
        # The total is at least the threshold, so a positive published cell remains.
        smallest = min(
            (key for key, n in cells.items() if n > 0 and key not in withheld | secondary),
            key=lambda key: cells[key],
        )
        secondary.add(smallest)
    result: dict[K, Published] = {}
    for key, n in cells.items():
        if key in withheld:
            result[key] = Suppressed(threshold)
        elif key in secondary:
            result[key] = Suppressed(threshold, primary=False)
        else:
            result[key] = n
    return result, total


R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)


def suppress_within(
    cells: Mapping[tuple[R, C], int], totals: Mapping[C, Published], threshold: int
) -> dict[tuple[R, C], Published]:
    """Cells keyed (row, column) whose columns add up to `totals` as already published."""
    columns: dict[C, dict[tuple[R, C], int]] = {}
    for key, n in cells.items():
        columns.setdefault(key[1], {})[key] = n
    result: dict[tuple[R, C], Published] = {}
    for column, column_cells in columns.items():
        if isinstance(totals.get(column), Suppressed):
            for key, n in column_cells.items():
                small = suppress(n, threshold) is None
                result[key] = Suppressed(threshold, primary=small) if n > 0 else 0
        else:
            result.update(suppress_breakdown(column_cells, threshold)[0])
    return result


def shown(value: Any) -> Any:
    """A value as a spreadsheet cell: a withheld count as its text, anything else as it is."""
    return str(value) if isinstance(value, Suppressed) else value
