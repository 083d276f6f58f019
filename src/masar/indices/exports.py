"""CSV and XLSX exports of a round's index results, with an HXL hashtag row."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from masar.lib.exports import neutral_row, neutralise, sheet_title

from . import queries


def _rows(user, round, methodology):
    """Every row of the export, the header and HXL rows too, neutralised (indicator names
    come from the methodology's author)."""
    frame = queries.export_frame(user, round, methodology)
    yield neutral_row(frame.columns)
    yield neutral_row(queries.hxl_tags(methodology))
    for record in frame.itertuples(index=False):
        yield [None if queries.is_missing(v) else neutralise(v) for v in record]


def results_csv(user, round, methodology) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(_rows(user, round, methodology))
    return buffer.getvalue()


def results_xlsx(user, round, methodology) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(methodology.name))
    for row in _rows(user, round, methodology):
        sheet.append([v.item() if hasattr(v, "item") else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
