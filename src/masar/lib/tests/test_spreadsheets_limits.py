"""A CSV cell longer than Masar's limit is refused whatever another library set csv's own to."""

import csv

import pytest

from masar.lib.spreadsheets import CELL_LIMIT, FileFormatError, iter_rows


@pytest.fixture
def raised_limit():
    before = csv.field_size_limit()
    import frictionless.formats.csv.parser  # noqa: F401  (raises csv's limit when imported)

    csv.field_size_limit(max(before, 10 * CELL_LIMIT))
    yield
    csv.field_size_limit(before)


def test_a_long_cell_is_refused_even_when_csvs_own_limit_was_raised(tmp_path, raised_limit):
    path = tmp_path / "long.csv"
    path.write_text("location_id,families\n" + "9" * (CELL_LIMIT + 1) + ",3\n", encoding="utf-8")
    with pytest.raises(FileFormatError, match="malformed"):
        list(iter_rows(path))


def test_a_cell_at_the_limit_is_read(tmp_path, raised_limit):
    path = tmp_path / "ok.csv"
    path.write_text("location_id,families\n" + "9" * CELL_LIMIT + ",3\n", encoding="utf-8")
    assert [len(row[0]) for row in iter_rows(path)] == [11, CELL_LIMIT]
