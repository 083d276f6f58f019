"""Writes for the geography: reference loading, locations and sites."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from . import resolver
from .choices import AliasKind, Settlement, SiteKind, SiteStatus
from .models import AdminArea, AreaAlias, Location, Site

REFERENCE = resources.files("masar.geo") / "reference"
COD_AB_FILES = {level: f"irq_admbnda_adm{level}_cso_20190603.geojson" for level in (0, 1, 2, 3)}
NATURAL_EARTH = "Natural Earth (public domain)"
COD_AB = "OCHA COD-AB Iraq 2019 (CSO)"


@dataclass
class GeographyReport:
    created: dict[int, int] = field(default_factory=dict)
    updated: dict[int, int] = field(default_factory=dict)
    aliases_created: int = 0
    geometries: dict[int, int] = field(default_factory=dict)
    counts: dict[int, int] = field(default_factory=dict)


def _read_reference_csv(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@transaction.atomic
def load_geography(cod_ab_dir: Path | None = None) -> GeographyReport:
    """Load Iraq's admin areas, aliases and outlines; idempotent (updates, never duplicates).

    The shipped reference gives codes, names and centroids; governorate outlines come from
    Natural Earth. With `cod_ab_dir`, the official COD-AB polygons a user downloaded from HDX
    replace them at every level found in that folder.
    """
    report = GeographyReport()
    existing = {area.pcode: area for area in AdminArea.objects.all()}
    for row in _read_reference_csv("iraq_admin_areas.csv"):
        level = int(row["level"])
        values = {
            "level": level,
            "name_en": row["name_en"],
            "name_ar": row["name_ar"],
            "name_ku": row["name_ku"],
            "centroid_lat": float(row["lat"]),
            "centroid_lon": float(row["lon"]),
            "parent": existing.get(row["parent"]) if row["parent"] else None,
        }
        area = existing.get(row["pcode"])
        if area is None:
            area = AdminArea.objects.create(pcode=row["pcode"], **values)
            existing[area.pcode] = area
            report.created[level] = report.created.get(level, 0) + 1
        elif any(getattr(area, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(area, key, value)
            area.save(update_fields=list(values))
            report.updated[level] = report.updated.get(level, 0) + 1

    known = set(AreaAlias.objects.values_list("area__pcode", "alias"))
    new_aliases = [
        AreaAlias(
            area=existing[row["pcode"]],
            alias=row["alias"],
            normalized=_alias_key(row["alias"], row["kind"]),
            kind=row["kind"],
            source=row["source"],
        )
        for row in _read_reference_csv("iraq_area_aliases.csv")
        if (row["pcode"], row["alias"]) not in known
    ]
    AreaAlias.objects.bulk_create(new_aliases)
    report.aliases_created = len(new_aliases)

    outlines = json.loads((REFERENCE / "iraq_adm1_naturalearth.geojson").read_text("utf-8"))
    _set_geometries(
        existing,
        {f["properties"]["pcode"]: f["geometry"] for f in outlines["features"]},
        NATURAL_EARTH,
        keep_source=COD_AB,
        report=report,
    )
    if cod_ab_dir is not None:
        load_cod_ab(cod_ab_dir, existing, report)
    for level in range(4):
        report.counts[level] = AdminArea.objects.filter(level=level).count()
    transaction.on_commit(resolver.clear_cache)
    return report


def load_cod_ab(directory: Path, areas: dict[str, AdminArea], report: GeographyReport) -> None:
    """Take boundary polygons (and any missing Arabic names) from OCHA COD-AB GeoJSON files."""
    found = [level for level, name in COD_AB_FILES.items() if (directory / name).exists()]
    if not found:
        raise ValidationError(
            f"No COD-AB GeoJSON files in {directory}: expected names like {COD_AB_FILES[2]}."
        )
    for level in found:
        data = json.loads((directory / COD_AB_FILES[level]).read_text("utf-8"))
        geometries = {}
        for feature in data["features"]:
            props = feature["properties"]
            pcode = props[f"ADM{level}_PCODE"]
            area = areas.get(pcode)
            if area is None:
                raise ValidationError(f"COD-AB area {pcode} is not in Masar's reference table.")
            geometries[pcode] = feature["geometry"]
        _set_geometries(areas, geometries, COD_AB, keep_source=None, report=report)


def _set_geometries(
    areas: dict[str, AdminArea],
    geometries: dict[str, dict],
    source: str,
    *,
    keep_source: str | None,
    report: GeographyReport,
) -> None:
    for pcode, geometry in geometries.items():
        area = areas[pcode]
        if keep_source and area.geometry_source == keep_source:
            continue  # official boundaries loaded earlier are better than the outline
        if area.geometry != geometry or area.geometry_source != source:
            area.geometry = geometry
            area.geometry_source = source
            area.save(update_fields=["geometry", "geometry_source"])
            report.geometries[area.level] = report.geometries.get(area.level, 0) + 1


def _alias_key(alias: str, kind: str) -> str:
    if kind in (AliasKind.CODE, AliasKind.CODE_2014):
        return resolver.code_key(alias)
    return resolver.name_key(alias)


def _governorate_of(area: AdminArea) -> AdminArea:
    if area.level < 1:
        raise ValidationError("A location must lie within a governorate.")
    return area if area.level == 1 else AdminArea.objects.get(pcode=area.governorate_pcode)


def upsert_location(
    *,
    external_id: str,
    area: AdminArea,
    name_en: str,
    name_ar: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    settlement: str = Settlement.UNKNOWN,
) -> tuple[Location, bool]:
    """Create the location with this external id, or update its names, area and coordinates."""
    values = {
        "area": area,
        "governorate": _governorate_of(area),
        "name_en": name_en,
        "name_ar": name_ar,
        "latitude": latitude,
        "longitude": longitude,
        "settlement": settlement,
    }
    return Location.objects.update_or_create(external_id=external_id, defaults=values)


def upsert_site(
    *,
    external_id: str,
    name: str,
    kind: str,
    location: Location,
    name_ar: str = "",
    status: str = SiteStatus.OPEN,
    opened_on: date | None = None,
    closed_on: date | None = None,
) -> tuple[Site, bool]:
    """Create or update a site; a closed site needs its closing date."""
    if kind not in SiteKind.values:
        raise ValidationError(f"Unknown site type {kind!r}.")
    if status == SiteStatus.CLOSED and closed_on is None:
        raise ValidationError("A closed site needs the date it closed.")
    values = {
        "name": name,
        "name_ar": name_ar,
        "kind": kind,
        "location": location,
        "governorate_id": location.governorate_id,
        "status": status,
        "opened_on": opened_on,
        "closed_on": closed_on,
    }
    return Site.objects.update_or_create(external_id=external_id, defaults=values)
