"""Finding a place by what someone types: part of a name in any language, a P-code or an ID.

Help-desk staff know places by name, in Arabic, Kurdish or English, and type digits in
whichever script their keyboard gives them. Places are not personal data, so a destination can
be found anywhere in the country; the caller narrows the candidates (e.g. to the sites a case
worker may register at) by passing its own queryset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from django.db.models import Model, Q, QuerySet

from masar.lib.digits import ascii_digits

from .models import AdminArea, Location, Site

Kind = Literal["location", "site", "area"]
# A picked place is written "Name — District, Governorate (ID)": the ID in brackets decides.
TRAILING_ID = re.compile(r"\(([^()]+)\)\s*$")
# Arabic short vowels, tatweel and the superscript alef: typed or not, the name is the same.
TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")


@dataclass(frozen=True)
class Place:
    """One match, as a picker shows it."""

    key: str
    name: str
    context: str
    obj: Model

    @property
    def label(self) -> str:
        return f"{self.name} — {self.context} ({self.key})" if self.context else self.key


def clean_query(text: str) -> str:
    """What to search for: ASCII digits, no diacritics, single spaces."""
    return " ".join(TASHKEEL.sub("", ascii_digits(text or "").replace("\x00", "")).split())


def default_queryset(kind: Kind) -> QuerySet:
    if kind == "site":
        return Site.objects.select_related("location__area__parent__parent")
    if kind == "area":
        return AdminArea.objects.select_related("parent__parent")
    return Location.objects.select_related("area__parent__parent")


def key_of(obj: Model) -> str:
    """The stable identifier typed or picked: a P-code for an area, the ID otherwise."""
    return obj.pcode if isinstance(obj, AdminArea) else obj.external_id  # type: ignore[attr-defined]


def _context(obj: Model) -> str:
    """Where the place is: its district and governorate, by name."""
    if isinstance(obj, Site):
        area = obj.location.area
    elif isinstance(obj, Location):
        area = obj.area
    else:
        area = obj.parent  # type: ignore[attr-defined]
    names = []
    while area is not None:
        if area.level in (1, 2):
            names.append(area.name)
        # A governorate's parent is the country: not worth naming, nor a query.
        area = area.parent if area.level > 1 else None
    return ", ".join(names)


def describe(obj: Model) -> Place:
    return Place(key=key_of(obj), name=str(obj.name), context=_context(obj), obj=obj)  # type: ignore[attr-defined]


def _by_key(queryset: QuerySet, kind: Kind, key: str) -> Model | None:
    field = "pcode" if kind == "area" else "external_id"
    return queryset.filter(**{f"{field}__iexact": key}).first()


def _name_filter(kind: Kind, text: str, *, exact: bool) -> Q:
    lookup = "iexact" if exact else "icontains"
    names = ("name", "name_ar") if kind == "site" else ("name_en", "name_ar", "name_ku")
    key = "pcode" if kind == "area" else "external_id"
    query = Q(**{f"{key}__istartswith": text}) if not exact else Q()
    for name in names:
        query |= Q(**{f"{name}__{lookup}": text})
    return query


def find_places(
    text: str, kind: Kind = "location", queryset: QuerySet | None = None, limit: int = 20
) -> list[Place]:
    """Places whose ID or P-code starts with `text`, or whose name contains it, best first.

    An exact ID, then exact names, then the rest in name order: typing "Mosul" finds the
    district before the neighbourhoods whose names contain it.
    """
    text = clean_query(text)
    if not text:
        return []
    candidates = queryset if queryset is not None else default_queryset(kind)
    found: dict[int, Model] = {}
    exact = _by_key(candidates, kind, text)
    if exact is not None:
        found[exact.pk] = exact
    order = "name" if kind == "site" else "name_en"
    for query in (_name_filter(kind, text, exact=True), _name_filter(kind, text, exact=False)):
        if len(found) >= limit:
            break
        for obj in candidates.filter(query).exclude(pk__in=list(found)).order_by(order)[:limit]:
            found.setdefault(obj.pk, obj)
    return [describe(obj) for obj in list(found.values())[:limit]]


@dataclass(frozen=True)
class Resolution:
    """What a typed value names: one place, or the candidates to choose between."""

    place: Model | None
    matches: list[Place]


def resolve_place(
    text: str, kind: Kind = "location", queryset: QuerySet | None = None
) -> Resolution:
    """The one place `text` names, or the matches to offer when it names none or several.

    A trailing "(ID)" (what the picker writes) or a bare ID decides outright; otherwise a name
    decides only when exactly one place has it (exactly, or failing that as a part).
    """
    text = clean_query(text)
    candidates = queryset if queryset is not None else default_queryset(kind)
    bracketed = TRAILING_ID.search(text)
    for key in ([bracketed.group(1).strip()] if bracketed else []) + [text]:
        obj = _by_key(candidates, kind, key)
        if obj is not None:
            return Resolution(obj, [describe(obj)])
    if not text:
        return Resolution(None, [])
    exact = list(candidates.filter(_name_filter(kind, text, exact=True))[:2])
    if len(exact) == 1:
        return Resolution(exact[0], [describe(exact[0])])
    matches = find_places(text, kind, candidates, limit=8)
    if len(matches) == 1 and not exact:
        return Resolution(matches[0].obj, matches)
    return Resolution(None, matches)
