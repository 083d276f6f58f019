"""Spreadsheet exports that are safe to open: formula injection neutralised, HXL rows optional."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from io import BytesIO, StringIO

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Prefix text that a spreadsheet would evaluate with a quote; leave numbers alone."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence], hxl: Sequence[str] = ()) -> bytes:
    """CSV in UTF-8 with a BOM (so spreadsheet programs read Arabic correctly)."""
    buffer = StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    if hxl:
        writer.writerow(hxl)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(
    header: Sequence[str], rows: Iterable[Sequence], hxl: Sequence[str] = (), title: str = "data"
) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(list(header))
    if hxl:
        sheet.append(list(hxl))
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_response(
    fmt: str, name: str, header: Sequence[str], rows: Iterable[Sequence], hxl: Sequence[str] = ()
):
    """A download of `rows` as CSV or XLSX (`fmt`), named `name`.csv / `name`.xlsx."""
    from django.http import HttpResponse

    if fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(header, rows, hxl, title=name), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(csv_bytes(header, rows, hxl), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
