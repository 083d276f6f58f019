"""Spreadsheet exports that are safe to open: formula injection neutralised, HXL rows optional.

Every CSV or XLSX that Masar writes passes each of its cells, header and HXL rows included,
through `neutralise`, and names its sheets with `sheet_title`: location, site, household and
organisation names, ticket text and indicator names are typed by people outside the IM unit,
and a spreadsheet program runs a cell such as `=HYPERLINK(...)` as a formula.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from io import BytesIO, StringIO

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


# Characters Excel refuses in a sheet name.
_SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("\\/?*[]:", "_"))


def neutralise(value):
    """Prefix text that a spreadsheet would evaluate with a quote; leave numbers alone (a
    negative number is a number, not a formula)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutral_row(row: Iterable) -> list:
    return [neutralise(value) for value in row]


def sheet_title(name: str) -> str:
    """A sheet name that no spreadsheet program reads as a formula and Excel accepts: the
    forbidden characters and a leading formula character become `_` (a sheet name may not
    start with the quote that `neutralise` adds), at most 31 characters."""
    title = str(name).translate(_SHEET_FORBIDDEN).strip("'")
    if title.startswith(FORMULA_PREFIXES):
        title = "_" + title[1:]
    return title[:31] or "data"


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence], hxl: Sequence[str] = ()) -> bytes:
    """CSV in UTF-8 with a BOM (so spreadsheet programs read Arabic correctly)."""
    buffer = StringIO()
    writer = csv.writer(buffer)
    writer.writerow(neutral_row(header))
    if hxl:
        writer.writerow(neutral_row(hxl))
    for row in rows:
        writer.writerow(neutral_row(row))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(
    header: Sequence[str], rows: Iterable[Sequence], hxl: Sequence[str] = (), title: str = "data"
) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(title))
    sheet.append(neutral_row(header))
    if hxl:
        sheet.append(neutral_row(hxl))
    for row in rows:
        sheet.append(neutral_row(row))
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
