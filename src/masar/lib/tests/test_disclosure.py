"""Small-cell suppression: no published count below the threshold but zero, and no withheld
count recoverable from a published total."""

from hypothesis import given
from hypothesis import strategies as st

from masar.lib.disclosure import (
    Suppressed,
    published,
    shown,
    suppress,
    suppress_breakdown,
    suppress_within,
)

thresholds = st.integers(min_value=2, max_value=12)
breakdowns = st.dictionaries(
    st.text(min_size=1, max_size=3), st.integers(min_value=0, max_value=40), max_size=8
)


@given(st.integers(min_value=0, max_value=10_000), thresholds)
def test_a_count_is_published_unless_it_is_from_one_to_below_the_threshold(count, threshold):
    assert (suppress(count, threshold) is None) == (0 < count < threshold)
    if suppress(count, threshold) is not None:
        assert suppress(count, threshold) == count == published(count, threshold)


@given(breakdowns, thresholds)
def test_a_breakdown_publishes_exact_counts_none_small_and_reveals_no_withheld_cell(
    cells, threshold
):
    result, total = suppress_breakdown(cells, threshold)

    assert result.keys() == cells.keys()
    shown_cells = {k: v for k, v in result.items() if not isinstance(v, Suppressed)}
    for key, value in shown_cells.items():
        assert value == cells[key]
        assert not 0 < value < threshold
    true_total = sum(cells.values())
    if isinstance(total, Suppressed):
        assert 0 < true_total < threshold
        assert all(isinstance(result[k], Suppressed) for k, n in cells.items() if n > 0)
    else:
        assert total == true_total
        # What a reader can work out about the withheld cells together.
        remainder = total - sum(shown_cells.values())
        assert remainder == 0 or remainder >= threshold
    for key, value in result.items():
        if isinstance(value, Suppressed) and value.primary:
            assert 0 < cells[key] < threshold


def test_one_small_cell_takes_the_smallest_other_with_it():
    result, total = suppress_breakdown({"a": 3, "b": 7, "c": 20, "d": 0}, 5)

    assert total == 30
    assert result == {"a": Suppressed(5), "b": Suppressed(5, primary=False), "c": 20, "d": 0}
    assert [shown(result[k]) for k in "abcd"] == ["<5", "x", 20, 0]


tables = st.dictionaries(
    st.tuples(st.sampled_from("abcd"), st.sampled_from("xyz")),
    st.integers(min_value=0, max_value=30),
    max_size=12,
)


@given(tables, thresholds)
def test_a_table_within_published_column_totals_reveals_no_withheld_cell(cells, threshold):
    columns = {c for _r, c in cells}
    column_totals = {c: sum(n for (_r, cc), n in cells.items() if cc == c) for c in columns}
    published_totals, _grand = suppress_breakdown(column_totals, threshold)

    result = suppress_within(cells, published_totals, threshold)

    assert result.keys() == cells.keys()
    for column in columns:
        shown_cells = [
            v for (_r, c), v in result.items() if c == column and not isinstance(v, Suppressed)
        ]
        assert all(not 0 < v < threshold for v in shown_cells)
        total = published_totals[column]
        if isinstance(total, Suppressed):
            # The shown cells add up to nothing: the withheld total cannot be rebuilt.
            assert sum(shown_cells) == 0
        else:
            remainder = total - sum(shown_cells)
            assert remainder == 0 or remainder >= threshold
    for key, value in result.items():
        if not isinstance(value, Suppressed):
            assert value == cells[key]
