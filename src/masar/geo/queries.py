"""Reads for the geography pages and API."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils.translation import get_language

from masar.accounts.grants import get_grants

from .access import locations_visible_to, sites_visible_to
from .choices import SiteStatus
from .models import AdminArea, Location, Site


def get_geography_summary(user) -> dict[str, int]:
    covered = get_grants(user).governorates()
    governorates = AdminArea.objects.filter(level=1)
    if covered is not None:
        governorates = governorates.filter(pcode__in=sorted(covered))
    return {
        "governorates": governorates.count(),
        "locations": locations_visible_to(user).count(),
        "sites": sites_visible_to(user).filter(status=SiteStatus.OPEN).count(),
    }


@dataclass(frozen=True)
class ChildArea:
    """An admin area with the number of locations in it that the user may see."""

    area: AdminArea
    location_count: int

    @property
    def pcode(self) -> str:
        return self.area.pcode

    @property
    def name(self) -> str:
        return self.area.name


def list_child_areas(user, parent: AdminArea) -> list[ChildArea]:
    """Children of `parent`, each with the number of locations in it the user may see.

    Every child is listed (admin areas are public reference data); the counts are scoped.
    """
    per_area = (
        locations_visible_to(user)
        .filter(area__pcode__startswith=parent.pcode)
        .values_list("area__pcode")
        .annotate(n=Count("id"))
    )
    children = list(AdminArea.objects.filter(parent=parent).order_by("name_en"))
    totals = dict.fromkeys((child.pcode for child in children), 0)
    for pcode, n in per_area:
        for child in children:
            if pcode.startswith(child.pcode):
                totals[child.pcode] += n
    return [ChildArea(child, totals[child.pcode]) for child in children]


def list_locations_in(user, area: AdminArea) -> QuerySet[Location]:
    return (
        locations_visible_to(user)
        .filter(area__pcode__startswith=area.pcode)
        .select_related("area")
        .annotate(site_count=Count("sites"))
        .order_by("name_en")
    )


def list_sites(user, *, kind: str = "", status: str = "", governorate: str = "") -> QuerySet[Site]:
    queryset = sites_visible_to(user).select_related("location__area", "governorate")
    if kind:
        queryset = queryset.filter(kind=kind)
    if status:
        queryset = queryset.filter(status=status)
    if governorate:
        queryset = queryset.filter(governorate__pcode=governorate)
    return queryset.order_by("governorate__pcode", "name")


def get_area_chain(area: AdminArea) -> list[AdminArea]:
    """Return the area's ancestors, country first, for breadcrumbs (P-codes nest)."""
    prefixes = [area.pcode[:n] for n in (5, 8) if len(area.pcode) > n]
    ancestors = {a.pcode: a for a in AdminArea.objects.filter(pcode__in=["IQ", *prefixes])}
    return [ancestors[c] for c in ["IQ", *prefixes] if c in ancestors]


MAP_POINT_LIMIT = 5000


def get_area_map(user, area: AdminArea) -> dict:
    """GeoJSON for the map: child boundaries where loaded (else centroids) and visible locations.

    Points are capped so a national map stays light on a slow connection.
    """
    features = []
    children = AdminArea.objects.filter(parent=area).only(
        "pcode", "name_en", "name_ar", "geometry", "centroid_lat", "centroid_lon", "level"
    )
    for child in children:
        geometry = child.geometry
        if geometry is None and child.centroid_lat is not None:
            geometry = {"type": "Point", "coordinates": [child.centroid_lon, child.centroid_lat]}
        if geometry is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {"kind": "area", "pcode": child.pcode, "name": child.name},
            }
        )
    locations = (
        locations_visible_to(user)
        .filter(area__pcode__startswith=area.pcode, latitude__isnull=False)
        .values_list("uid", "name_en", "name_ar", "latitude", "longitude")[:MAP_POINT_LIMIT]
    )
    arabic_script = (get_language() or "en").startswith(("ar", "ckb"))
    for uid, name_en, name_ar, lat, lon in locations:
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "kind": "location",
                    "uid": str(uid),
                    "name": (arabic_script and name_ar) or name_en,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
