"""An attacker of published tables: linear programming over what a reader of the releases holds.

Written apart from `masar.products.suppression` (it reads only the published grids, with their
withheld entries marked), so that the tests check the suppression against an outsider's view.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import linprog

Grid = Sequence[Sequence[int | str]]


def feasible_ranges(
    releases: Sequence[Grid],
    unchanged: Sequence[set[tuple[int, int]]] | dict[tuple[int, int], set[tuple[int, int]]] = (),
) -> dict[tuple[int, int, int], tuple[float, float]]:
    """(release, row, column) → (least, greatest) value of each withheld entry.

    Each release is an extended grid (last column row totals, last row column totals, corner
    grand total) as published. The reader knows every published entry, that each line adds up
    to its last entry, that zeros are published (so a withheld entry is at least 1), and which
    entries kept their value between two releases: `unchanged[(a, b)]` for releases a and b,
    or, as a list, `unchanged[k - 1]` between the first release and release k.
    """
    if not isinstance(unchanged, dict):
        unchanged = {(0, k): same for k, same in enumerate(unchanged, start=1)}
    variables: dict[tuple[int, int, int], int] = {}
    for k, grid in enumerate(releases):
        for i, row in enumerate(grid):
            for j, value in enumerate(row):
                if not isinstance(value, int):
                    variables[(k, i, j)] = len(variables)
    equations: list[tuple[dict[int, float], float]] = []

    def term(k: int, i: int, j: int, sign: float, terms: dict[int, float]) -> float:
        value = releases[k][i][j]
        if isinstance(value, int):
            return -sign * value
        index = variables[(k, i, j)]
        terms[index] = terms.get(index, 0.0) + sign
        return 0.0

    for k, grid in enumerate(releases):
        rows, columns = len(grid), len(grid[0])
        for i in range(rows):
            terms: dict[int, float] = {}
            constant = sum(term(k, i, j, 1.0, terms) for j in range(columns - 1))
            constant += term(k, i, columns - 1, -1.0, terms)
            equations.append((terms, constant))
        for j in range(columns):
            terms = {}
            constant = sum(term(k, i, j, 1.0, terms) for i in range(rows - 1))
            constant += term(k, rows - 1, j, -1.0, terms)
            equations.append((terms, constant))
    for (a, b), same in unchanged.items():
        for i, j in same:
            terms = {}
            constant = term(a, i, j, 1.0, terms) + term(b, i, j, -1.0, terms)
            equations.append((terms, constant))
    equations = [(terms, constant) for terms, constant in equations if terms]
    count = len(variables)
    if not count:
        return {}
    matrix = np.zeros((len(equations), count))
    rhs = np.zeros(len(equations))
    for row, (terms, constant) in enumerate(equations):
        for index, coefficient in terms.items():
            matrix[row, index] = coefficient
        rhs[row] = constant
    ranges = {}
    for key, index in variables.items():
        objective = np.zeros(count)
        objective[index] = 1.0
        low = linprog(objective, A_eq=matrix, b_eq=rhs, bounds=(1, None), method="highs")
        high = linprog(-objective, A_eq=matrix, b_eq=rhs, bounds=(1, None), method="highs")
        assert low.status == 0, "the published figures contradict each other"
        ranges[key] = (low.fun, np.inf if high.status == 3 else -high.fun)
    return ranges


def narrowest(ranges: dict) -> float:
    return min((high - low for low, high in ranges.values()), default=np.inf)
