"""CSV and XLSX exports of a round's index results, with an HXL hashtag row."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from . import queries

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Keep spreadsheet programs from running text as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _rows(user, round, methodology):
    frame = queries.export_frame(user, round, methodology)
    yield list(frame.columns)
    yield queries.hxl_tags(methodology)
    for record in frame.itertuples(index=False):
        yield [None if queries.is_missing(v) else neutralise(v) for v in record]


def results_csv(user, round, methodology) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(_rows(user, round, methodology))
    return buffer.getvalue()


def results_xlsx(user, round, methodology) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(methodology.name[:31])
    for row in _rows(user, round, methodology):
        sheet.append([v.item() if hasattr(v, "item") else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
