"""Read CSV and XLSX files row by row, without loading them whole.

CSV may be UTF-8 (with or without a byte-order mark) or Windows-1256 (Arabic Windows); anything
else is refused with a message saying what to do rather than read as garbage. XLSX is read with
python-calamine. A file whose content does not match its name (a CSV renamed .xlsx) is refused.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

ZIP_MAGIC = b"PK\x03\x04"
SNIFF_BYTES = 256 * 1024


class FileFormatError(ValueError):
    """The file cannot be read as a table; the message is meant for the person who sent it."""


def detect_encoding(head: bytes) -> str:
    """Return "utf-8-sig", "utf-8" or "cp1256" for the start of a CSV file."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileFormatError("The file is UTF-16 text: save it as CSV UTF-8 and upload it again.")
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the end of the sample is still UTF-8.
        if exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"
    try:
        text = head.decode("cp1256")
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            "The file's text encoding is not UTF-8 nor Windows-1256 (Arabic): "
            "save it as CSV UTF-8 and upload it again."
        ) from exc
    if not any("\u0600" <= ch <= "\u06ff" for ch in text):
        raise FileFormatError(
            "The file's text encoding could not be recognised: save it as CSV UTF-8 and upload "
            "it again."
        )
    return "cp1256"


def file_kind(path: Path) -> str:
    """ "xlsx" or "csv" from the content, checked against the name."""
    with open(path, "rb") as handle:
        head = handle.read(4)
    if not head:
        raise FileFormatError("The file is empty.")
    suffix = path.suffix.lower()
    if head == ZIP_MAGIC:
        if suffix == ".csv":
            raise FileFormatError("The file is named .csv but is a spreadsheet workbook.")
        return "xlsx"
    if suffix in (".xlsx", ".xlsm", ".xls"):
        raise FileFormatError(
            f"The file is named {suffix} but is not an Excel workbook "
            "(was another file renamed?). Save it from Excel as .xlsx or as CSV UTF-8."
        )
    return "csv"


def iter_rows(path: Path | str) -> Iterator[list]:
    """Yield each row as a list of cell values (strings for CSV; str/int/float/None for XLSX)."""
    path = Path(path)
    if file_kind(path) == "xlsx":
        yield from _xlsx_rows(path)
    else:
        yield from _csv_rows(path)


# The longest cell a CSV file may hold. The csv module's own limit is process-wide and other
# libraries raise it (frictionless does, on import), so Masar checks its own.
CELL_LIMIT = 131_072


def bounded_rows(rows: Iterable[list[str]]) -> Iterator[list[str]]:
    """Rows of a csv reader, refusing (csv.Error) a cell longer than CELL_LIMIT characters."""
    for row in rows:
        if any(len(cell) > CELL_LIMIT for cell in row):
            raise csv.Error(f"field larger than field limit ({CELL_LIMIT})")
        yield row


def _csv_rows(path: Path) -> Iterator[list]:
    with open(path, "rb") as raw:
        head = raw.read(SNIFF_BYTES)
    encoding = detect_encoding(head)
    with open(path, encoding=encoding, newline="") as handle:
        try:
            yield from bounded_rows(csv.reader(handle))
        except UnicodeDecodeError as exc:
            raise FileFormatError(
                f"The file mixes text encodings (it started as {encoding}): "
                "save it as CSV UTF-8 and upload it again."
            ) from exc
        except csv.Error as exc:
            raise FileFormatError(f"The CSV file is malformed: {exc}.") from exc


def _xlsx_rows(path: Path) -> Iterator[list]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
    except Exception as exc:  # calamine raises its own types for every kind of broken file
        raise FileFormatError(f"The workbook cannot be read: {exc}.") from exc
    for row in sheet.iter_rows():
        yield [_cell(v) for v in row]


def _cell(value):
    if value == "":
        return None
    return value


def count_rows(path: Path | str) -> int | None:
    """The number of rows in the file, header included, for progress (CSV: its lines, so a
    quoted cell spanning lines counts twice; None when the file cannot be read)."""
    path = Path(path)
    try:
        if file_kind(path) == "xlsx":
            return sum(1 for _row in _xlsx_rows(path))
        with open(path, "rb") as raw:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: raw.read(1 << 20), b""))
    except (FileFormatError, OSError):
        return None
