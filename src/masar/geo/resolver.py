"""Resolve a code or name written any common way to Iraq's administrative areas.

Imports meet governorates and districts spelled many ways (Dahuk/Duhok, Missan/Maysan, نينوى),
coded in two schemes whose digits collide (2014 `IQ-G16` is Wassit, 2019 `IQG16` is Salah
Al-Din), and prefixed as the DTM API writes them (`IRQ-G16Q03`). The resolver never guesses: an
exact code or alias match is returned alone with score 100; otherwise the closest candidates are
returned with their scores for a person (or an import's rejection report) to choose from.
"""

from __future__ import annotations

import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from masar.lib.arabic import name_tokens, strip_article

from .choices import AliasKind
from .models import AdminArea, AreaAlias

EXACT = 100.0
MIN_SCORE = 60.0
CACHE_SECONDS = 60.0
_CODE = re.compile(r"^[A-Z]{2,3}[-A-Z0-9]*\d[-A-Z0-9]*$")


@dataclass(frozen=True)
class AreaMatch:
    pcode: str
    level: int
    name_en: str
    name_ar: str
    score: float
    matched: str

    @property
    def exact(self) -> bool:
        return self.score >= EXACT


def name_key(text: str) -> str:
    """Reduce a place name to a comparison key: script-normalised, article-, case-, diacritic-,
    hyphen- and space-insensitive ("Al-Anbar", "al anbar", "الأنبار" and "انبار" all agree on
    their own script's key)."""
    return "".join(strip_article(token) for token in name_tokens(text))


def code_key(text: str) -> str:
    """Canonical form of a code: upper case, no spaces, `IRQ`/`IRQ-` written as P-codes' `IQ`.

    The hyphen of 2014 codes (`IQ-G16`) is kept on purpose: it is what tells them apart from
    the 2019 code with the same digits (`IQG16`).
    """
    code = re.sub(r"\s+", "", text).upper()
    if code.startswith("IRQ-"):
        return "IQ" + code[4:]
    if code.startswith("IRQ"):
        return "IQ" + code[3:]
    return code


@dataclass
class _Entry:
    pcode: str
    level: int
    name_en: str
    name_ar: str


class _Index:
    """All areas and aliases of one geography, held in memory for fast repeated look-ups."""

    def __init__(self) -> None:
        self.areas: dict[str, _Entry] = {}
        self.codes: dict[str, list[str]] = defaultdict(list)
        self.names: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.shown: dict[tuple[str, str], str] = {}
        for pcode, level, name_en, name_ar, name_ku in AdminArea.objects.values_list(
            "pcode", "level", "name_en", "name_ar", "name_ku"
        ):
            self.areas[pcode] = _Entry(pcode, level, name_en, name_ar)
            self.codes[pcode].append(pcode)
            for name in (name_en, name_ar, name_ku):
                self._add_name(level, name, pcode)
        for alias, kind, pcode in AreaAlias.objects.values_list("alias", "kind", "area__pcode"):
            if kind in (AliasKind.CODE, AliasKind.CODE_2014):
                self.codes[code_key(alias)].append(pcode)
            else:
                self._add_name(self.areas[pcode].level, alias, pcode)
        self.keys = {level: list(names) for level, names in self.names.items()}
        self.lookup = lru_cache(maxsize=20_000)(self._lookup)

    def _add_name(self, level: int, name: str, pcode: str) -> None:
        key = name_key(name or "")
        if key:
            self.names[level][key].add(pcode)
            self.shown.setdefault((key, pcode), name)

    def _lookup(self, text: str, level: int, parent: str | None, limit: int) -> list[AreaMatch]:
        def within(pcode: str) -> bool:
            return self.areas[pcode].level == level and (not parent or pcode.startswith(parent))

        def match(pcode: str, score: float, matched: str) -> AreaMatch:
            entry = self.areas[pcode]
            return AreaMatch(pcode, entry.level, entry.name_en, entry.name_ar, score, matched)

        code = code_key(text)
        if _CODE.match(code) and code in self.codes:
            hits = [p for p in dict.fromkeys(self.codes[code]) if within(p)]
            if hits:
                return [match(p, EXACT, text) for p in hits]
        key = name_key(text)
        if not key:
            return []
        exact = [p for p in sorted(self.names[level].get(key, ())) if within(p)]
        if exact:
            return [match(p, EXACT, self.shown[(key, p)]) for p in exact]
        best: dict[str, tuple[float, str]] = {}
        for candidate, score, _ in process.extract(
            key, self.keys.get(level, []), scorer=fuzz.ratio, limit=50, score_cutoff=MIN_SCORE
        ):
            for pcode in self.names[level][candidate]:
                # A fuzzy match is never exact, however close: a person confirms it.
                score = min(round(score, 1), EXACT - 1)
                if within(pcode) and score > best.get(pcode, (0.0, ""))[0]:
                    best[pcode] = (score, self.shown[(candidate, pcode)])
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
        return [match(pcode, score, shown) for pcode, (score, shown) in ranked]


_lock = threading.Lock()
_index: tuple[float, _Index] | None = None


def _get_index() -> _Index:
    global _index
    with _lock:
        if _index is None or time.monotonic() - _index[0] > CACHE_SECONDS:
            _index = (time.monotonic(), _Index())
        return _index[1]


def clear_cache() -> None:
    """Forget the in-memory index (called after the geography changes)."""
    global _index
    with _lock:
        _index = None


def resolve_area(
    text: str, level: int, parent: str | None = None, *, limit: int = 5
) -> list[AreaMatch]:
    """Return the areas at `level` (under the `parent` P-code, if given) that `text` names.

    An exact match on a code or alias gives the matching areas alone with score 100 (more than
    one only when the name is ambiguous at that level, e.g. a district name used in two
    governorates and no parent given); otherwise up to `limit` candidates, best first.
    """
    if not text or not text.strip():
        return []
    parent_code = code_key(parent) if parent else None
    return _get_index().lookup(text.strip(), level, parent_code, limit)


def resolve_one(text: str, level: int, parent: str | None = None) -> AreaMatch | None:
    """Return the single exact match for `text`, or None when there is none or it is ambiguous."""
    matches = resolve_area(text, level, parent)
    if len(matches) == 1 and matches[0].exact:
        return matches[0]
    return None
