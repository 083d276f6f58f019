"""Small cells stay hidden: primary and complementary suppression, attacked by linear programs."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from masar.products.suppression import WITHHELD, extend, protect

from .attacker import feasible_ranges, narrowest

THRESHOLD = 5


def test_it_withholds_small_cells_and_publishes_zeros():
    result = protect([[3, 0, 40], [20, 0, 30], [25, 10, 35]], THRESHOLD)
    published = result.published()
    assert published[0][0] == WITHHELD
    assert published[0][1] == 0 and published[1][1] == 0


def test_it_withholds_a_second_cell_in_a_row_and_column_with_one_small_cell():
    published = protect([[3, 50, 40], [20, 60, 30], [25, 10, 35]], THRESHOLD).published()
    withheld_in_row = [j for j, value in enumerate(published[0]) if value == WITHHELD]
    withheld_in_column = [i for i, row in enumerate(published) if row[0] == WITHHELD]
    assert len(withheld_in_row) >= 2 and len(withheld_in_column) >= 2


def test_it_withholds_a_total_that_describes_too_few_households():
    published = protect([[3, 0, 0], [20, 60, 30], [25, 10, 35]], THRESHOLD).published()
    # The first row's total is 3: a count of 3 households, whatever its place in the table.
    assert published[0][3] == WITHHELD


def test_a_table_without_small_cells_is_published_whole():
    table = [[10, 20], [30, 40]]
    assert protect(table, THRESHOLD).published() == extend(table).tolist()


def test_an_attacker_cannot_narrow_any_withheld_cell_below_the_threshold():
    table = [[1, 1, 60, 7], [1, 1, 50, 8], [12, 30, 2, 9], [40, 0, 3, 25]]
    result = protect(table, THRESHOLD)
    ranges = feasible_ranges([result.published()])
    assert ranges, "the table has small cells to withhold"
    assert narrowest(ranges) >= THRESHOLD


def test_two_releases_of_a_round_with_different_totals_reveal_no_withheld_cell():
    first = [[3, 40, 22, 9], [18, 2, 35, 11], [27, 31, 1, 40], [6, 14, 19, 4]]
    first_release = protect(first, THRESHOLD)
    # The correction moves households between cells and changes the totals.
    corrected = [row[:] for row in first]
    corrected[0][0] = 4
    corrected[1][1] = 7
    corrected[2][3] = 45
    second_release = protect(corrected, THRESHOLD, [first_release])
    unchanged = {
        (i, j)
        for i, j in np.ndindex(first_release.grid.shape)
        if first_release.grid[i, j] == second_release.grid[i, j]
    }
    assert extend(first)[4, 4] != extend(corrected)[4, 4]
    ranges = feasible_ranges([first_release.published(), second_release.published()], [unchanged])
    assert narrowest(ranges) >= THRESHOLD
    assert not second_release.exposed
    # What the first release withheld, the correction withholds too.
    assert not (first_release.mask & ~second_release.mask & (second_release.grid > 0)).any()


def test_a_naive_correction_would_have_revealed_a_cell():
    """The reason for keeping the first release's pattern: the corrected table protected on
    its own publishes a cell the first release withheld, and an unchanged cell is then known."""
    first = [[3, 40, 22], [18, 9, 35], [27, 31, 12]]
    corrected = [[3, 40, 22], [18, 9, 35], [27, 31, 2]]
    first_release = protect(first, THRESHOLD)
    alone = protect(corrected, THRESHOLD)
    unchanged = {
        (i, j)
        for i, j in np.ndindex(first_release.grid.shape)
        if first_release.grid[i, j] == alone.grid[i, j]
    }
    ranges = feasible_ranges([first_release.published(), alone.published()], [unchanged])
    assert narrowest(ranges) < THRESHOLD


counts = st.one_of(
    st.just(0), st.integers(min_value=1, max_value=THRESHOLD - 1), st.integers(5, 80)
)
tables = st.integers(min_value=1, max_value=5).flatmap(
    lambda columns: st.lists(
        st.lists(counts, min_size=columns, max_size=columns), min_size=1, max_size=5
    )
)


@settings(max_examples=60)
@given(tables)
def test_protected_tables_keep_every_invariant(table):
    result = protect(table, THRESHOLD)
    grid = extend(table)
    published = result.published()
    for (i, j), value in np.ndenumerate(grid):
        shown = published[i][j]
        # Never a small count in sight; zeros and every published figure exactly as counted.
        if 0 < value < THRESHOLD:
            assert shown == WITHHELD
        if shown != WITHHELD:
            assert shown == value
        else:
            assert value > 0
    assert narrowest(feasible_ranges([published])) >= THRESHOLD


@settings(max_examples=40)
@given(tables, st.data())
def test_a_correction_keeps_every_withheld_cell_of_both_releases_hidden(table, data):
    first_release = protect(table, THRESHOLD)
    rows, columns = len(table), len(table[0])
    corrected = [row[:] for row in table]
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        i = data.draw(st.integers(0, rows - 1))
        j = data.draw(st.integers(0, columns - 1))
        corrected[i][j] = data.draw(counts)
    second_release = protect(corrected, THRESHOLD, [first_release])
    unchanged = {
        (i, j)
        for i, j in np.ndindex(first_release.grid.shape)
        if first_release.grid[i, j] == second_release.grid[i, j]
    }
    ranges = feasible_ranges([first_release.published(), second_release.published()], [unchanged])
    # Either both releases together keep every withheld entry's range at least the threshold
    # wide, or the correction says it cannot be published (the release builder refuses it).
    assert narrowest(ranges) >= THRESHOLD or second_release.exposed
    if second_release.exposed:
        exposed_ranges = {(k, i, j): ranges[(k, i, j)] for k, (i, j) in second_release.exposed}
        assert narrowest(exposed_ranges) < THRESHOLD


def test_a_correction_must_keep_the_table_shape():
    with pytest.raises(ValueError):
        protect([[1, 2]], THRESHOLD, [protect([[1], [2]], THRESHOLD)])


def _unchanged(first, second) -> set[tuple[int, int]]:
    return {
        (i, j) for i, j in np.ndindex(first.grid.shape) if first.grid[i, j] == second.grid[i, j]
    }


def test_three_releases_of_a_round_attacked_together_reveal_no_withheld_cell():
    rng = np.random.default_rng(7)
    tables = [rng.choice([0, 0, 1, 2, 3, 4, 6, 9, 15, 40], size=(8, 6))]
    for _ in range(2):
        corrected = tables[-1].copy()
        for _ in range(4):
            corrected[rng.integers(8), rng.integers(6)] = rng.choice([0, 1, 2, 3, 8, 20])
        tables.append(corrected)
    releases = []
    for table in tables:
        releases.append(protect(table, THRESHOLD, releases))
    assert not any(release.exposed for release in releases)
    links = {
        (a, b): _unchanged(releases[a], releases[b]) for a in range(3) for b in range(a + 1, 3)
    }
    ranges = feasible_ranges([release.published() for release in releases], links)
    assert narrowest(ranges) >= THRESHOLD


def test_a_district_sized_table_withstands_the_attack():
    rng = np.random.default_rng(11)
    table = rng.negative_binomial(1, 0.08, size=(20, 12)) * (rng.random((20, 12)) < 0.6)
    result = protect(table, THRESHOLD)
    assert ((result.grid > 0) & (result.grid < THRESHOLD) & ~result.mask).sum() == 0
    assert narrowest(feasible_ranges([result.published()])) >= THRESHOLD
