"""Layout files: how a source's columns map to Masar's fields (shipped in `tracking/layouts/`).

A column is found by its header text, its HXL hashtag, or its 0-based position. Several source
columns may add up into one shelter type. Dates can be mapped to DTM's periods.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from masar.lib.spreadsheets import FileFormatError

from ..choices import Period, Shelter

LAYOUT_DIR = Path(__file__).resolve().parents[1] / "layouts"
FIELDS = {
    "location_id", "population", "governorate", "district", "subdistrict", "location_name",
    "location_name_ar", "latitude", "longitude", "origin", "period", "individuals",
    "total_families", "displacement_date",
}  # fmt: skip


@dataclass(frozen=True)
class ColumnRef:
    header: str | None = None
    hxl: str | None = None
    index: int | None = None
    required: bool = False
    date_format: str | None = None

    def describe(self) -> str:
        return self.header or self.hxl or f"column {self.index + 1}"


@dataclass
class Layout:
    name: str
    title: str
    header: bool
    fields: dict[str, ColumnRef]
    shelters: dict[str, list[ColumnRef]]
    min_columns: int = 0
    population: str | None = None
    household_size: float | None = None
    camp_household_size: float | None = None
    check_total: str | None = None
    periods: list[tuple[str, date | None]] = field(default_factory=list)

    def period_of(self, when: date) -> str:
        for code, before in self.periods:
            if before is None or when < before:
                return code
        return ""


def shipped_layouts() -> list[str]:
    return sorted(p.stem for p in LAYOUT_DIR.glob("*.yaml"))


def _ref(spec: dict) -> ColumnRef:
    unknown = set(spec) - {"header", "hxl", "index", "required", "date_format"}
    if unknown:
        raise ValueError(f"unknown column keys {sorted(unknown)}")
    return ColumnRef(**spec)


def load_layout(name: str) -> Layout:
    """Load a shipped layout by its name; refuse anything else (a path above all, so that what
    arrives from a page or the API never reads or probes a file of the server)."""
    if name not in shipped_layouts():
        raise FileFormatError(
            f"Unknown layout {name[:60]!r}; shipped layouts: {', '.join(shipped_layouts())}."
        )
    return load_layout_file(LAYOUT_DIR / f"{name}.yaml")


def load_layout_file(path: Path) -> Layout:
    """Load a layout from a file the server's operator names (the command's --layout-file, never
    the web); refuse a malformed one."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a mapping of layout keys")
        fields = {name: _ref(spec) for name, spec in (data.get("fields") or {}).items()}
        unknown = set(fields) - FIELDS
        if unknown:
            raise ValueError(f"unknown fields {sorted(unknown)}")
        shelters = {name: [_ref(s) for s in specs] for name, specs in data["shelters"].items()}
        bad = set(shelters) - set(Shelter.values)
        if bad:
            raise ValueError(f"unknown shelter types {sorted(bad)}")
        periods = [
            (p["code"], date.fromisoformat(p["before"]) if p.get("before") else None)
            for p in data.get("periods") or []
        ]
        if any(code not in Period.values for code, _before in periods):
            raise ValueError("unknown period code")
        return Layout(
            name=data["name"],
            title=data.get("title", data["name"]),
            header=bool(data.get("header", True)),
            fields=fields,
            shelters=shelters,
            min_columns=int(data.get("min_columns", 0)),
            population=data.get("population"),
            household_size=data.get("household_size"),
            camp_household_size=data.get("camp_household_size"),
            check_total=data.get("check_total"),
            periods=periods,
        )
    except OSError as exc:
        raise FileFormatError(f"The layout file {path} cannot be read: {exc.strerror}.") from exc
    except (KeyError, TypeError, ValueError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise FileFormatError(f"The layout {path.name} is malformed: {exc}.") from exc


def _norm(text) -> str:
    return " ".join(str(text or "").casefold().split())


def _hxl_key(tag) -> tuple:
    parts = str(tag or "").strip().lower().replace(" ", "").split("+")
    return (parts[0], frozenset(parts[1:])) if parts[0].startswith("#") else ("", frozenset())


def is_hxl_row(row: list) -> bool:
    cells = [str(c).strip() for c in row if c not in (None, "")]
    return bool(cells) and sum(c.startswith("#") for c in cells) >= len(cells) / 2


@dataclass
class Binding:
    """Column positions of a file for a layout."""

    fields: dict[str, int]
    shelters: dict[str, list[int]]


def bind(layout: Layout, header: list | None, hxl: list | None) -> Binding:
    """Find each layout column in the file; refuse when a required one is missing."""
    headers = {_norm(h): i for i, h in enumerate(header or []) if h not in (None, "")}
    tags = {_hxl_key(t): i for i, t in enumerate(hxl or []) if _hxl_key(t)[0]}

    def locate(ref: ColumnRef) -> int | None:
        if ref.index is not None:
            return ref.index
        if ref.hxl and _hxl_key(ref.hxl) in tags:
            return tags[_hxl_key(ref.hxl)]
        if ref.header and _norm(ref.header) in headers:
            return headers[_norm(ref.header)]
        return None

    fields, missing = {}, []
    for name, ref in layout.fields.items():
        position = locate(ref)
        if position is None:
            if ref.required:
                missing.append(ref.describe())
            continue
        fields[name] = position
    shelters = {}
    for shelter, refs in layout.shelters.items():
        positions = [p for p in (locate(ref) for ref in refs) if p is not None]
        if positions:
            shelters[shelter] = positions
    if missing:
        raise FileFormatError(
            f"Required column(s) missing for the {layout.name} layout: {', '.join(missing)}."
        )
    if not shelters:
        raise FileFormatError(
            f"No shelter column of the {layout.name} layout was found: is this the right layout?"
        )
    return Binding(fields, shelters)
