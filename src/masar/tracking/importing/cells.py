"""Reading one cell of a master list: ids, population words, coordinates, dates."""

from __future__ import annotations

from datetime import date, datetime

from masar.lib import dates

POPULATION_WORDS = {
    "idp": "idp", "idps": "idp", "نازح": "idp", "نازحين": "idp", "النازحين": "idp",
    "returnee": "returnee", "returnees": "returnee", "عائد": "returnee", "العائدين": "returnee",
}  # fmt: skip
UNKNOWN_WORDS = {"", "unknown", "n/a", "na", "-", "غير معروف", "نەزانراو"}


def text_id(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def population_word(value) -> str | None:
    return POPULATION_WORDS.get(str(value or "").strip().casefold())


def coordinate(value) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def parse_date(value, fmt: str | None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in filter(None, (fmt, "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y")):
        try:
            return dates.parse_date(text, pattern)
        except ValueError:
            continue
    return None


def shown(value) -> str:
    return "" if value is None else str(value)[:80]
