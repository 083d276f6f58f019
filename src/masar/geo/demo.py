"""Demo geography: synthetic locations and sites shaped like Iraq's displacement map.

Calibrated to published figures (seeds 000, 002, 004): about 3,000 locations hosting IDPs across
all 18 governorates, 26 camps and about 400 informal sites, and about 2,000 locations of return
in the 8 governorates of return. The plan is a pure function of the seed and scale, so the
tracking demo can give each location a population consistent with its role here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from masar.core.demo import DemoContext, step

from .choices import Settlement, SiteKind, SiteStatus
from .models import AdminArea, Location, Site

# Share of IDPs hosted per governorate (2023-24 order of magnitude) and of returnees per
# governorate of return.
IDP_SHARE = {
    "IQG09": 0.21, "IQG11": 0.19, "IQG15": 0.17, "IQG06": 0.10, "IQG13": 0.07, "IQG08": 0.06,
    "IQG16": 0.05, "IQG01": 0.04, "IQG10": 0.03, "IQG07": 0.01, "IQG12": 0.01, "IQG04": 0.01,
    "IQG18": 0.01, "IQG05": 0.01, "IQG02": 0.01, "IQG14": 0.005, "IQG17": 0.005, "IQG03": 0.005,
}  # fmt: skip
RETURN_SHARE = {
    "IQG15": 0.41, "IQG01": 0.32, "IQG16": 0.15, "IQG13": 0.07, "IQG10": 0.045,
    "IQG08": 0.02, "IQG11": 0.01, "IQG09": 0.005,
}  # fmt: skip
CAMPS = {"IQG09": 15, "IQG11": 4, "IQG06": 2, "IQG15": 3, "IQG01": 1, "IQG16": 1}
INFORMAL_SHARE = {
    "IQG15": 0.30, "IQG01": 0.15, "IQG16": 0.12, "IQG13": 0.10, "IQG08": 0.10, "IQG10": 0.08,
    "IQG09": 0.05, "IQG11": 0.05, "IQG06": 0.05,
}  # fmt: skip

PREFIXES = [
    ("Hay", "حي"),
    ("Qaryat", "قرية"),
    ("Tal", "تل"),
    ("Mahalla", "محلة"),
    ("Kharab", "خراب"),
]
ROOTS = [
    ("Al-Nour", "النور"),
    ("Al-Salam", "السلام"),
    ("Al-Zahraa", "الزهراء"),
    ("Al-Askari", "العسكري"),
    ("Al-Jamia", "الجامعة"),
    ("Al-Shuhada", "الشهداء"),
    ("Al-Tahrir", "التحرير"),
    ("Al-Qadisiya", "القادسية"),
    ("Al-Wahda", "الوحدة"),
    ("Al-Karama", "الكرامة"),
    ("Al-Rashid", "الرشيد"),
    ("Al-Nahrain", "النهرين"),
    ("Al-Khadra", "الخضراء"),
    ("Al-Andalus", "الاندلس"),
    ("Al-Muthanna", "المثنى"),
    ("Al-Furat", "الفرات"),
    ("Al-Hurriya", "الحرية"),
    ("Al-Amal", "الامل"),
    ("Al-Rabee", "الربيع"),
    ("Al-Sinaa", "الصناعة"),
    ("Abu Saida", "ابو صيدا"),
    ("Umm Qasr", "ام قصر"),
    ("Al-Jazeera", "الجزيرة"),
    ("Al-Sharqiya", "الشرقية"),
    ("Al-Gharbiya", "الغربية"),
    ("Al-Shamaliya", "الشمالية"),
    ("Al-Janubiya", "الجنوبية"),
    ("Al-Wadi", "الوادي"),
    ("Al-Sahel", "الساحل"),
    ("Al-Ain", "العين"),
    ("Al-Bustan", "البستان"),
    ("Al-Mazraa", "المزرعة"),
]


@dataclass(frozen=True)
class PlannedLocation:
    external_id: str
    subdistrict: str
    name_en: str
    name_ar: str
    latitude: float
    longitude: float
    settlement: str
    hosts_idps: bool
    has_returns: bool


def _allocate(total: int, shares: dict[str, float], minimum: int) -> dict[str, int]:
    weight = sum(shares.values())
    return {code: max(minimum, round(total * share / weight)) for code, share in shares.items()}


def plan_locations(context: DemoContext) -> list[PlannedLocation]:
    """Return the demo locations with their role (hosting IDPs, of return, or both)."""
    rng = context.rng("geo.locations")
    subdistricts: dict[str, list[tuple[str, float, float]]] = {}
    for pcode, lat, lon in (
        AdminArea.objects.filter(level=3)
        .values_list("pcode", "centroid_lat", "centroid_lon")
        .order_by("pcode")
    ):
        subdistricts.setdefault(pcode[:5], []).append((pcode, lat, lon))
    idp_counts = _allocate(context.scaled(3000, 60), IDP_SHARE, context.scaled(30, 2))
    return_counts = _allocate(context.scaled(2000, 40), RETURN_SHARE, context.scaled(20, 2))
    planned: list[PlannedLocation] = []
    used_names: set[tuple[str, str]] = set()
    next_id = 100001
    for governorate in sorted(set(idp_counts) | set(return_counts)):
        n_idp = idp_counts.get(governorate, 0)
        n_return = return_counts.get(governorate, 0)
        # In governorates of return, a share of locations both host IDPs and receive returnees.
        overlap = min(n_idp, n_return) // 4
        roles = (
            [(True, False)] * (n_idp - overlap)
            + [(False, True)] * (n_return - overlap)
            + [(True, True)] * overlap
        )
        for hosts_idps, has_returns in roles:
            pcode, lat, lon = rng.choice(subdistricts[governorate])
            while True:
                prefix = rng.choice(PREFIXES)
                root = rng.choice(ROOTS)
                number = rng.randint(1, 40)
                key = (pcode, f"{prefix[0]} {root[0]} {number}")
                if key not in used_names:
                    used_names.add(key)
                    break
            urban = prefix[0] in ("Hay", "Mahalla")
            planned.append(
                PlannedLocation(
                    external_id=str(next_id),
                    subdistrict=pcode,
                    name_en=f"{prefix[0]} {root[0]} {number}",
                    name_ar=f"{prefix[1]} {root[1]} {number}",
                    latitude=round(lat + rng.uniform(-0.08, 0.08), 5),
                    longitude=round(lon + rng.uniform(-0.08, 0.08), 5),
                    settlement=Settlement.URBAN if urban else Settlement.RURAL,
                    hosts_idps=hosts_idps,
                    has_returns=has_returns,
                )
            )
            next_id += 1
    return planned


@step("geo.locations_and_sites", order=10, label="Locations and sites")
def generate_locations_and_sites(context: DemoContext) -> dict:
    areas = {a.pcode: a for a in AdminArea.objects.filter(level__in=(1, 3))}
    planned = plan_locations(context)
    Location.objects.bulk_create(
        [
            Location(
                external_id=p.external_id,
                area=areas[p.subdistrict],
                governorate=areas[p.subdistrict[:5]],
                name_en=p.name_en,
                name_ar=p.name_ar,
                latitude=p.latitude,
                longitude=p.longitude,
                settlement=p.settlement,
            )
            for p in planned
        ],
        batch_size=1000,
    )
    locations = {
        loc.external_id: loc
        for loc in Location.objects.filter(external_id__in=[p.external_id for p in planned])
    }
    hosting = [p for p in planned if p.hosts_idps]
    rng = context.rng("geo.sites")
    sites: list[Site] = []
    for governorate, count in CAMPS.items():
        candidates = [p for p in hosting if p.subdistrict.startswith(governorate)]
        for number in range(1, count + 1):
            host = rng.choice(candidates)
            code = f"{governorate[3:]}-{number}"
            sites.append(
                _site(f"CAMP-{code}", f"Camp {code}", f"مخيم {code}", SiteKind.CAMP,
                      locations[host.external_id], False, rng)
            )  # fmt: skip
    informal = _allocate(context.scaled(400, 20), INFORMAL_SHARE, 1)
    for governorate, count in informal.items():
        candidates = [p for p in hosting if p.subdistrict.startswith(governorate)]
        for number in range(1, count + 1):
            host = rng.choice(candidates)
            sites.append(
                _site(f"IS-{governorate}-{number:03d}", f"Informal site {host.name_en}",
                      f"موقع غير رسمي {host.name_ar}", SiteKind.INFORMAL,
                      locations[host.external_id], rng.random() < 0.15, rng)
            )  # fmt: skip
    Site.objects.bulk_create(sites, batch_size=1000)
    return {
        "locations": len(planned),
        "hosting IDPs": len(hosting),
        "of return": sum(p.has_returns for p in planned),
        "camps": sum(s.kind == SiteKind.CAMP for s in sites),
        "informal sites": sum(s.kind == SiteKind.INFORMAL for s in sites),
    }


def _site(external_id, name, name_ar, kind, location, closed, rng) -> Site:
    opened = date(2014 + rng.randint(0, 3), rng.randint(1, 12), rng.randint(1, 28))
    closed_on = date(2020 + rng.randint(0, 4), rng.randint(1, 12), rng.randint(1, 28))
    return Site(
        external_id=external_id,
        name=name,
        name_ar=name_ar,
        kind=kind,
        location=location,
        governorate_id=location.governorate_id,
        status=SiteStatus.CLOSED if closed else SiteStatus.OPEN,
        opened_on=opened,
        closed_on=closed_on if closed else None,
    )
