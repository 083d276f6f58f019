"""Resolving the admin areas a master list names, with suggestions when a name is unknown."""

from __future__ import annotations

from masar.geo.models import AdminArea
from masar.geo.resolver import resolve_area


def suggest(what: str, text: str, matches) -> str:
    if not matches:
        return f"unknown {what} {text!r}"
    names = ", ".join(f"{m.name_en} ({m.pcode})" for m in matches[:3])
    return f"unknown {what} {text!r}; did you mean: {names}?"


def resolve_chain(governorate, district, subdistrict):
    """Resolve the finest area named; return (area, None) or (None, (column, value, reason,
    finest area that did resolve))."""
    resolved = None
    for level, column, value in (
        (1, "governorate", governorate),
        (2, "district", district),
        (3, "subdistrict", subdistrict),
    ):
        text = str(value or "").strip()
        if not text:
            continue
        matches = resolve_area(text, level, resolved.pcode if resolved else None)
        exact = [m for m in matches if m.exact]
        if len(exact) != 1:
            return None, (column, text, suggest(column, text, matches), resolved)
        resolved = AdminArea.objects.get(pcode=exact[0].pcode)
    if resolved is None:
        return None, None
    return resolved, None
