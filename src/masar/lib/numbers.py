"""Counts as they arrive in spreadsheets: "1,000", "١٬٢٠٠", 12.0 from Excel, or a blank."""

from __future__ import annotations

import re

from .digits import ascii_digits

# Thousands separators: comma, Arabic thousands separator, (narrow) no-break and plain spaces.
_SEPARATORS = re.compile(r"(?<=\d)[,\u066c\u00a0\u202f ](?=\d{3}(?:\D|$))")
_INTEGER = re.compile(r"^\d+$")
_DECIMAL = re.compile(r"^(\d+)\.(\d+)$")


class CountError(ValueError):
    """A value that is not a count; the message says why, for the import report."""


def parse_count(value) -> int | None:
    """Return the non-negative integer in `value`, None when blank, or raise CountError."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise CountError("not a number")
    if isinstance(value, int):
        if value < 0:
            raise CountError("negative number")
        return value
    if isinstance(value, float):
        if value != value:  # NaN: an empty spreadsheet cell
            return None
        if value < 0:
            raise CountError("negative number")
        if not value.is_integer():
            raise CountError("not a whole number")
        return int(value)
    if isinstance(value, str) and value.isdigit() and value.isascii():
        return int(value)  # the common case, without the regular expressions
    text = ascii_digits(str(value)).strip().replace("\u066b", ".")
    if not text:
        return None
    if text.startswith(("-", "\u2212")):
        raise CountError("negative number")
    text = _SEPARATORS.sub("", text)
    if _INTEGER.match(text):
        return int(text)
    decimal = _DECIMAL.match(text)
    if decimal:
        if set(decimal.group(2)) == {"0"}:
            return int(decimal.group(1))
        raise CountError("not a whole number")
    raise CountError("not a number")
