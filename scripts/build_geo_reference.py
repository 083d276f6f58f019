"""Build Masar's shipped Iraq reference tables from the public source files.

Run from the repository root with the shared reference folder beside it:

    .venv/bin/python scripts/build_geo_reference.py ../shared/data/geo

It writes, under src/masar/geo/reference/:
- iraq_admin_areas.csv: P-code, level, parent, English/Arabic/Kurdish names and a centroid for the
  country, 18 governorates, 101 districts and 294 subdistricts (OCHA COD-AB 2019 codes and names;
  the centroids are computed here; no boundary geometry is copied);
- iraq_area_aliases.csv: older 2014 COD codes and names, DTM and Natural Earth spellings;
- iraq_adm1_naturalearth.geojson: governorate outlines from Natural Earth (public domain),
  with the P-code added to each feature.
"""

import csv
import json
import sys
from itertools import pairwise
from pathlib import Path

from rapidfuzz import fuzz, process

OUT = Path(__file__).resolve().parent.parent / "src/masar/geo/reference"

KURDISH_GOVERNORATES = {
    "IQ": "عێراق",
    "IQG01": "ئەنبار",
    "IQG02": "بەسرە",
    "IQG03": "موسەننا",
    "IQG04": "نەجەف",
    "IQG05": "قادسیە",
    "IQG06": "سلێمانی",
    "IQG07": "بابل",
    "IQG08": "بەغدا",
    "IQG09": "دهۆک",
    "IQG10": "دیالە",
    "IQG11": "هەولێر",
    "IQG12": "کەربەلا",
    "IQG13": "کەرکووک",
    "IQG14": "میسان",
    "IQG15": "نەینەوا",
    "IQG16": "سەلاحەدین",
    "IQG17": "زیقار",
    "IQG18": "واست",
}

# Natural Earth writes Kirkuk as IQ.TS (At-Ta'mim), current ISO 3166-2 as IQ-KI.
HASC_TO_PCODE = {
    "IQ.AN": "IQG01", "IQ.BA": "IQG02", "IQ.MU": "IQG03", "IQ.NA": "IQG04", "IQ.QA": "IQG05",
    "IQ.SU": "IQG06", "IQ.BB": "IQG07", "IQ.BG": "IQG08", "IQ.DA": "IQG09", "IQ.DI": "IQG10",
    "IQ.AR": "IQG11", "IQ.KA": "IQG12", "IQ.TS": "IQG13", "IQ.MA": "IQG14", "IQ.NI": "IQG15",
    "IQ.SD": "IQG16", "IQ.DQ": "IQG17", "IQ.WA": "IQG18",
}  # fmt: skip

# Spellings seen in DTM master lists and reports, and other common transliterations.
DTM_SPELLINGS = {
    "IQG01": ["Anbar", "Al Anbar", "Al-Anbar"],
    "IQG02": ["Basra", "Basrah", "Al Basrah"],
    "IQG03": ["Muthanna", "Al Muthanna"],
    "IQG04": ["Najaf", "An Najaf", "Al Najaf"],
    "IQG05": ["Qadissiya", "Qadisiyah", "Al-Qadisiyah", "Diwaniya", "Al Qadissiya"],
    "IQG06": ["Sulaymaniyah", "Sulaimaniya", "Sulaymaniya", "Suleimaniyah", "Slemani"],
    "IQG07": ["Babylon", "Babel", "Babil"],
    "IQG08": ["Baghdad"],
    "IQG09": ["Dahuk", "Dohuk", "Duhok", "Dihok"],
    "IQG10": ["Diyala", "Diyalah"],
    "IQG11": ["Erbil", "Arbil", "Irbil", "Hewler"],
    "IQG12": ["Kerbala", "Karbala", "Kerbela"],
    "IQG13": ["Kirkuk", "Kerkuk", "Tameem", "At-Ta'mim"],
    "IQG14": ["Missan", "Maysan", "Misan"],
    "IQG15": ["Ninewa", "Ninawa", "Nineveh", "Ninevah", "Nineva"],
    "IQG16": ["Salah al-Din", "Salah Al-Din", "Salahaddin", "Salah ad Din", "Saladin"],
    "IQG17": ["Thi-Qar", "Thi Qar", "Dhi Qar", "Thiqar"],
    "IQG18": ["Wassit", "Wasit"],
}


def read_csv(path: Path, skip_hxl: bool = False) -> list[dict]:
    with path.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    return rows[1:] if skip_hxl else rows


def ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """Return (signed area, cx, cy) of a closed ring by the shoelace formula."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if area == 0:
        return 0.0, ring[0][0], ring[0][1]
    return area, cx / (6 * area), cy / (6 * area)


def centroid(geometry: dict) -> tuple[float, float]:
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    total = sx = sy = 0.0
    for polygon in polygons:
        for index, ring in enumerate(polygon):
            area, cx, cy = ring_centroid([point[:2] for point in ring])
            area = abs(area) if index == 0 else -abs(area)
            total += area
            sx += cx * area
            sy += cy * area
    return round(sy / total, 5), round(sx / total, 5)


def main(source: Path) -> None:
    areas: list[dict] = [
        {
            "pcode": "IQ",
            "level": 0,
            "parent": "",
            "name_en": "Iraq",
            "name_ar": "العراق",
            "name_ku": KURDISH_GOVERNORATES["IQ"],
            "lat": 33.0,
            "lon": 43.7,
        }
    ]
    for level in (1, 2, 3):
        data = json.loads(
            (source / f"cod-ab/irq_admbnda_adm{level}_cso_20190603.geojson").read_text()
        )
        for feature in sorted(data["features"], key=lambda f: f["properties"][f"ADM{level}_PCODE"]):
            props = feature["properties"]
            pcode = props[f"ADM{level}_PCODE"]
            lat, lon = centroid(feature["geometry"])
            areas.append(
                {
                    "pcode": pcode,
                    "level": level,
                    "parent": props[f"ADM{level - 1}_PCODE"],
                    "name_en": props[f"ADM{level}_EN"].strip(),
                    "name_ar": (props[f"ADM{level}_AR"] or "").strip(),
                    "name_ku": KURDISH_GOVERNORATES.get(pcode, ""),
                    "lat": lat,
                    "lon": lon,
                }
            )
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "iraq_admin_areas.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(areas[0]))
        writer.writeheader()
        writer.writerows(areas)

    aliases: list[tuple[str, str, str, str]] = [("IQ", "IRQ", "code", "ISO 3166-1")]
    governorates = {a["pcode"]: a for a in areas if a["level"] == 1}
    districts = [a for a in areas if a["level"] == 2]
    for pcode, spellings in DTM_SPELLINGS.items():
        aliases += [(pcode, spelling, "spelling", "DTM") for spelling in spellings]

    # 2014 governorates: the codes reuse the same digits for other governorates (G16 was
    # Wassit, it is Salah Al-Din since 2019), so they are matched by name, never by number.
    gov_2014_to_2019 = {}
    by_name = {}
    for pcode, spellings in DTM_SPELLINGS.items():
        for spelling in spellings:
            by_name[spelling.lower()] = pcode
    for row in read_csv(source / "irq_adm1_ocha_20140717.csv"):
        pcode = by_name[row["A1NameEn"].lower()]
        gov_2014_to_2019[row["A1Code"]] = pcode
        aliases.append((pcode, row["A1Code"], "code_2014", "OCHA COD-AB 2014"))
        aliases.append((pcode, row["A1CodeAlt1"], "code_2014", "OCHA COD-AB 2014"))
        for name in (row["A1NameEn"], row["A1NameAlt2"], row["A1NameAr"]):
            aliases.append((pcode, name, "spelling", "OCHA COD-AB 2014"))

    for row in read_csv(source / "irq_adm2_ocha_20140717.csv"):
        gov = gov_2014_to_2019[row["A1Code"]]
        candidates = {d["pcode"]: d["name_en"] for d in districts if d["parent"] == gov}
        match = max(
            (
                process.extractOne(name, candidates, scorer=fuzz.WRatio, processor=str.lower)
                for name in (row["A2NameEn"], row["A2NameAlt2"])
                if name
            ),
            key=lambda m: m[1],
        )
        arabic = process.extractOne(
            row["A2NameAr"], {d["pcode"]: d["name_ar"] for d in districts if d["parent"] == gov}
        )
        if match[1] >= 80 or (arabic and arabic[1] >= 95):
            pcode = match[2] if match[1] >= 80 else arabic[2]
            aliases.append((pcode, row["A2Code"], "code_2014", "OCHA COD-AB 2014"))
            for name in (row["A2NameEn"], row["A2NameAlt2"], row["A2NameAr"]):
                if name:
                    aliases.append((pcode, name, "spelling", "OCHA COD-AB 2014"))
        else:
            print(f"2014 district {row['A2Code']} {row['A2NameEn']}: no 2019 match (split/moved)")

    outlines = json.loads((source / "irq_adm1_naturalearth.geojson").read_text())
    for feature in outlines["features"]:
        props = feature["properties"]
        pcode = HASC_TO_PCODE[props["code_hasc"]]
        # Natural Earth's alternative names mix in city names (Mosul, Kut, Hilla): not aliases.
        for name in (props["name"], props["name_en"]):
            aliases.append((pcode, name, "spelling", "Natural Earth"))
        aliases.append(
            (pcode, props["name_ar"].removeprefix("محافظة "), "spelling", "Natural Earth")
        )
        feature["properties"] = {"pcode": pcode, "name_en": governorates[pcode]["name_en"]}
        feature["geometry"]["coordinates"] = round_coordinates(feature["geometry"]["coordinates"])
    outlines["attribution"] = "Made with Natural Earth. Free vector and raster map data."
    (OUT / "iraq_adm1_naturalearth.geojson").write_text(json.dumps(outlines, separators=(",", ":")))

    seen = set()
    with (OUT / "iraq_area_aliases.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["pcode", "alias", "kind", "source"])
        for row in aliases:
            key = (row[0], row[1].strip())
            if row[1].strip() and key not in seen:
                seen.add(key)
                writer.writerow([row[0], row[1].strip(), row[2], row[3]])
    print(f"{len(areas)} areas, {len(seen)} aliases written to {OUT}")


def round_coordinates(value):
    if isinstance(value, list) and value and isinstance(value[0], float):
        return [round(v, 4) for v in value]
    return [round_coordinates(v) for v in value]


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/geo"))
