"""Cell suppression for published two-way tables, checked the way an attacker would check it.

Pure functions over numbers (no Django), so the release builder, the tests and the benchmark
share them. A table is a grid of non-negative counts published with its row totals, its column
totals and its grand total. Internally the table is *extended*: an (m + 1) × (n + 1) grid whose
last column holds the row totals and whose last row holds the column totals and, in the corner,
the grand total. Every row and every column of the extended grid is a *line*: its entries before
the last add up to its last entry. Totals are cells like any other: a row total of 3 describes 3
households and is withheld like a cell of 3.

What is withheld, precisely:

- Primary suppression: any entry (cell or total) from 1 to `threshold - 1`.
- Zeros are published. A zero describes nobody, so it reveals no one; hiding zeros would make
  sparse tables unreadable and buys nothing, because zeros are never used as complements either,
  so every withheld entry is known by the reader to be at least 1 and the check below assumes
  exactly that (lower bound 1, not 0).
- Complementary suppression: a line with exactly one withheld entry would give it away
  (total minus the rest), so the smallest positive published cell of that line is withheld too
  (its total only when the line has no positive published cell left); so is one in a line with
  a published total whose withheld entries together have too little room to move (see
  `complete`); repeated to a fixpoint.
- The attacker's check (`intervals`): for every withheld entry, linear programming over what is
  published (the visible entries, the line equations, every withheld entry at least 1) gives the
  smallest and the largest value it could take. Each such range must be at least `threshold`
  wide; where one is not, more cells are withheld around it and the check runs again.
- Every withheld entry is shown the same way (`WITHHELD`): marking primary cells "<5" would
  tell the attacker an upper bound the check does not assume.

Across releases of the same round (a correction): the reader holds both tables and, at worst,
knows which cells the correction changed (the release says what changed), so every cell that
did not change ties its two values together. `protect` therefore keeps withheld every entry the
previous release withheld (publishing it now would reveal it then) and runs the attacker's check
on both releases at once, linked by the unchanged cells, widening the new release until each
withheld entry of either release keeps a range of at least `threshold`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

WITHHELD = "x"

Entry = tuple[int, int]


def extend(table: Sequence[Sequence[int]] | np.ndarray) -> np.ndarray:
    """The table with its row totals as a last column, column totals and grand total as a last
    row."""
    cells = np.asarray(table, dtype=np.int64)
    if cells.ndim != 2:
        raise ValueError("a table has rows and columns")
    if (cells < 0).any():
        raise ValueError("counts are never negative")
    m, n = cells.shape
    grid = np.zeros((m + 1, n + 1), dtype=np.int64)
    grid[:m, :n] = cells
    grid[:m, n] = cells.sum(axis=1)
    grid[m, :n] = cells.sum(axis=0)
    grid[m, n] = cells.sum()
    return grid


def primary(grid: np.ndarray, threshold: int) -> np.ndarray:
    """The entries from 1 to `threshold - 1` (zeros are published: see the module docstring)."""
    return (grid > 0) & (grid < threshold)


def _lines(shape: tuple[int, int]) -> list[list[Entry]]:
    """Every line of an extended grid, its total last."""
    rows, columns = shape
    lines = [[(i, j) for j in range(columns)] for i in range(rows)]
    lines += [[(i, j) for i in range(rows)] for j in range(columns)]
    return lines


def complete(
    grid: np.ndarray, mask: np.ndarray, threshold: int, public: np.ndarray | None = None
) -> np.ndarray:
    """Withhold complements until every line is safe by its own arithmetic: no line has exactly
    one withheld entry, and in a line whose total is published the withheld entries have room
    to move by `threshold` (each is at least 1, so together they can give up at most the sum of
    their values less one each — less than `threshold` pins them down too closely).

    `public` marks entries a reader knows anyway (published unchanged by an earlier release):
    withholding one of them protects nothing, so none is chosen as a complement."""
    mask = mask.copy()
    taken = mask if public is None else mask | public
    lines = _lines(grid.shape)
    changed = True
    while changed:
        changed = False
        for line in lines:
            withheld = [entry for entry in line if mask[entry]]
            if not withheld:
                continue
            room = sum(int(grid[entry]) - 1 for entry in withheld)
            if len(withheld) > 1 and (mask[line[-1]] or room >= threshold):
                continue
            pick = _smallest_positive(grid, taken, line[:-1]) or _smallest_positive(
                grid, taken, line[-1:]
            )
            if pick is not None:
                mask[pick] = True
                taken[pick] = True
                changed = True
    return mask


def _smallest_positive(grid: np.ndarray, mask: np.ndarray, entries: Sequence[Entry]):
    candidates = [entry for entry in entries if not mask[entry] and grid[entry] > 0]
    return min(candidates, key=lambda entry: (grid[entry], entry)) if candidates else None


@dataclass(frozen=True)
class Layer:
    """One published table as the attacker sees it: true values and which entries are withheld."""

    grid: np.ndarray
    mask: np.ndarray


@dataclass
class _System:
    """The attacker's linear system over the withheld entries of one or more layers."""

    variables: list[tuple[int, Entry]] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    columns: list[int] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    rhs: list[float] = field(default_factory=list)

    def equation(self, terms: dict[int, float], constant: float) -> None:
        if not terms:
            return
        row = len(self.rhs)
        for column, coefficient in terms.items():
            self.rows.append(row)
            self.columns.append(column)
            self.values.append(coefficient)
        self.rhs.append(constant)


def _system(layers: Sequence[Layer], links: Sequence[tuple[int, int, np.ndarray]]) -> _System:
    system = _System()
    index: dict[tuple[int, Entry], int] = {}
    for k, layer in enumerate(layers):
        for entry in zip(*np.nonzero(layer.mask), strict=True):
            key = (k, (int(entry[0]), int(entry[1])))
            index[key] = len(system.variables)
            system.variables.append(key)
    for k, layer in enumerate(layers):
        for line in _lines(layer.grid.shape):
            terms: dict[int, float] = {}
            constant = 0.0
            for position, entry in enumerate(line):
                sign = -1.0 if position == len(line) - 1 else 1.0
                if layer.mask[entry]:
                    terms[index[(k, entry)]] = sign
                else:
                    constant -= sign * float(layer.grid[entry])
            system.equation(terms, constant)
    for first, second, same in links:
        # An entry that did not change between two releases has one value in both.
        a, b = layers[first], layers[second]
        for entry in zip(*np.nonzero(same & (a.mask | b.mask)), strict=True):
            entry = (int(entry[0]), int(entry[1]))
            terms = {}
            constant = 0.0
            if a.mask[entry]:
                terms[index[(first, entry)]] = 1.0
            else:
                constant -= float(a.grid[entry])
            if b.mask[entry]:
                terms[index[(second, entry)]] = terms.get(index[(second, entry)], 0.0) - 1.0
            else:
                constant += float(b.grid[entry])
            system.equation(terms, constant)
    return system


def intervals(
    layers: Sequence[Layer],
    links: Sequence[tuple[int, int, np.ndarray]] = (),
    threshold: float | None = None,
    settled: frozenset[tuple[int, Entry]] = frozenset(),
) -> dict[tuple[int, Entry], tuple[float, float]]:
    """(layer, entry) → the smallest and largest value the attacker can give each withheld
    entry, from the published entries, the line equations, the links between layers and
    "every withheld entry is at least 1" (the largest may be infinite).

    With `threshold`, a range already seen at least that wide in earlier solutions is not
    solved for exactly (its bounds are then only as far apart as seen): what the protection
    check needs, at a fraction of the linear programs. Entries in `settled` are not looked at
    (reported as unbounded): `protect` passes those an earlier check found wide enough, which
    withholding more cells can only widen.
    """
    system = _system(layers, links)
    count = len(system.variables)
    if count == 0:
        return {}
    matrix = coo_matrix(
        (system.values, (system.rows, system.columns)), shape=(len(system.rhs), count)
    ).tocsr()
    rhs = np.asarray(system.rhs)
    bounds = [(1, None)] * count
    low = np.full(count, np.inf)
    high = np.full(count, -np.inf)
    for v, key in enumerate(system.variables):
        if key in settled:
            low[v], high[v] = -np.inf, np.inf

    def solve(objective: np.ndarray, box: list | None = None):
        result = linprog(objective, A_eq=matrix, b_eq=rhs, bounds=box or bounds, method="highs")
        if result.status == 0:
            np.minimum(low, result.x, out=low)
            np.maximum(high, result.x, out=high)
        return result

    first = solve(np.ones(count))
    if first.status != 0:
        raise ValueError("the published figures are inconsistent")
    if threshold is not None:
        _spread(solve, first.x, low, high, threshold, bounds)
    for v in range(count):
        if threshold is not None and high[v] - low[v] >= threshold:
            continue
        objective = np.zeros(count)
        objective[v] = 1.0
        solve(objective)
        if threshold is not None and high[v] - low[v] >= threshold:
            continue
        objective[v] = -1.0
        if solve(objective).status == 3:  # unbounded above
            high[v] = np.inf
    return {key: (float(low[v]), float(high[v])) for v, key in enumerate(system.variables)}


def _spread(solve, start: np.ndarray, low, high, threshold: float, bounds: list) -> None:
    """Look for feasible points far apart in many coordinates at once: from a point, push every
    unsettled entry up by `threshold` at most (a box keeps the program bounded, and each
    entry that reaches its cap is settled), then down the same way, while that settles any.

    Every point found satisfies the attacker's system, so the ranges seen stay true lower
    bounds on the real ones; only the entries left unsettled need a program of their own.
    """
    point = start
    for direction in (-1.0, 1.0) * 3:
        unsettled = np.nonzero(high - low < threshold)[0]
        if len(unsettled) == 0:
            return
        box = list(bounds)
        objective = np.zeros(len(point))
        for v in unsettled:
            if direction < 0:  # maximise
                box[v] = (1, point[v] + threshold)
            else:
                box[v] = (max(1.0, point[v] - threshold), None)
            objective[v] = direction
        result = solve(objective, box)
        if result.status != 0:
            return
        point = result.x
        if not (high[unsettled] - low[unsettled] >= threshold).any():
            return


def exposed(
    layers: Sequence[Layer],
    links: Sequence[tuple[int, int, np.ndarray]],
    threshold: int,
    settled: frozenset[tuple[int, Entry]] = frozenset(),
) -> list[tuple[int, Entry]]:
    """The withheld entries whose range is narrower than `threshold` (see `intervals`)."""
    found = intervals(layers, links, threshold, settled)
    return [key for key, (low, high) in found.items() if high - low < threshold - 1e-6]


@dataclass(frozen=True)
class Protected:
    """A table ready to publish: its extended grid of true values and the entries withheld."""

    grid: np.ndarray
    mask: np.ndarray
    threshold: int
    # (layer, entry) still narrower than the threshold: see `protect`.
    exposed: tuple[tuple[int, Entry], ...] = ()

    @property
    def layer(self) -> Layer:
        return Layer(self.grid, self.mask)

    def published(self) -> list[list[int | str]]:
        """The extended grid as published: numbers, and `WITHHELD` where withheld."""
        rows, columns = self.grid.shape
        return [
            [WITHHELD if self.mask[i, j] else int(self.grid[i, j]) for j in range(columns)]
            for i in range(rows)
        ]

    def withheld(self) -> list[Entry]:
        return [(int(i), int(j)) for i, j in zip(*np.nonzero(self.mask), strict=True)]


def protect(
    table: Sequence[Sequence[int]] | np.ndarray,
    threshold: int,
    history: Sequence[Protected] = (),
    *,
    verify: bool = True,
) -> Protected:
    """Withhold what must be withheld in `table` (cells only; totals are computed here).

    `history` holds the earlier releases of the same table (same rows and columns, in the same
    order), oldest first: whatever any of them withheld stays withheld, and the check covers
    all of them together with this one. Without `verify` only the primary suppression and the
    line rules of `complete` are applied (the benchmark's baseline).

    A correction can leave a reader too little to protect (an earlier release published a
    row total of 5 that the correction splits 4 + 1): the entries still narrower than the
    threshold are then listed in `Protected.exposed`, and such a table must not be published.
    """
    grid = extend(table)
    mask = primary(grid, threshold)
    layers_before = [earlier.layer for earlier in history]
    public = np.zeros(grid.shape, dtype=bool)
    for earlier in layers_before:
        if earlier.grid.shape != grid.shape:
            raise ValueError("a correction keeps the rows and columns of the release it corrects")
        mask |= earlier.mask & (grid > 0)
        public |= ~earlier.mask & (earlier.grid == grid)
    public &= ~mask
    mask = complete(grid, mask, threshold, public)
    if not verify:
        return Protected(grid, mask, threshold)
    # Withholding more keeps every earlier feasible point feasible (the new unknowns take their
    # true values), so an entry once found wide enough stays so: only the others are checked.
    settled: frozenset[tuple[int, Entry]] = frozenset()
    while True:
        layers = [*layers_before, Layer(grid, mask)]
        weak = exposed(layers, links_between(layers), threshold, settled)
        settled = frozenset(
            (k, (int(i), int(j)))
            for k, layer in enumerate(layers)
            for i, j in zip(*np.nonzero(layer.mask), strict=True)
        ) - set(weak)
        if not weak:
            return Protected(grid, mask, threshold)
        widened = _widen(grid, mask | public, [entry for _layer, entry in weak])
        if widened is None:
            # Everything positive that is not public already is withheld: nothing more to do.
            return Protected(grid, mask, threshold, exposed=tuple(sorted(set(weak))))
        mask = complete(grid, widened & ~public, threshold, public)


def links_between(layers: Sequence[Layer]) -> list[tuple[int, int, np.ndarray]]:
    """Every pair of releases, with the entries whose true value is the same in both (what an
    attacker who knows which cells a correction changed can tie together)."""
    return [
        (a, b, layers[a].grid == layers[b].grid)
        for a in range(len(layers))
        for b in range(a + 1, len(layers))
    ]


def _widen(grid: np.ndarray, mask: np.ndarray, weak: Sequence[Entry]) -> np.ndarray | None:
    """Withhold, around each weak entry, the smallest positive cell still published in its row
    and in its column, or that line's total when no cell is left (a correction that changed one
    cell of a line must withhold the line's total: the two totals would give the change away);
    as a last resort, the smallest positive entry left anywhere."""
    mask = mask.copy()
    rows, columns = grid.shape
    added = False
    for i, j in weak:
        for line in (
            [(i, c) for c in range(columns)],
            [(r, j) for r in range(rows)],
        ):
            pick = _smallest_positive(
                grid, mask, [e for e in line[:-1] if e != (i, j)]
            ) or _smallest_positive(grid, mask, [e for e in line[-1:] if e != (i, j)])
            if pick is not None:
                mask[pick] = True
                added = True
    if not added:
        everything = [(r, c) for r in range(rows) for c in range(columns)]
        pick = _smallest_positive(grid, mask, everything)
        if pick is None:
            return None
        mask[pick] = True
    return mask
