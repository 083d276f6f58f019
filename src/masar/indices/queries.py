"""Reads for the indices: methodology versions, answers as frames, results and dashboards."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from typing import Any

import pandas as pd
from django.db import connection
from django.db.models import Max, QuerySet

from masar.accounts.grants import filter_by_governorate
from masar.geo.models import AdminArea, Location
from masar.tracking.access import rounds_visible_to
from masar.tracking.models import Round
from masar.tracking.queries import population_by_location

from .choices import Category
from .models import Hotspot, IndexResult, IndicatorValue, Methodology

CATEGORY_ORDER = [Category.HIGH, Category.MEDIUM, Category.LOW]


def get_methodology(spec: str) -> Methodology:
    """Return a stored version from "name" (the latest) or "name@version"; raise DoesNotExist."""
    name, _, version = spec.partition("@")
    queryset = Methodology.objects.filter(name=name)
    if version:
        if not version.isdigit():
            raise Methodology.DoesNotExist(f"{spec}: the version is a number")
        return queryset.get(version=int(version))
    latest = queryset.order_by("-version").first()
    if latest is None:
        raise Methodology.DoesNotExist(f"no methodology named {name}")
    return latest


def latest_methodologies() -> list[Methodology]:
    """The newest version of every methodology name."""
    newest = Methodology.objects.values("name").annotate(v=Max("version"))
    pairs = {(row["name"], row["v"]) for row in newest}
    return [m for m in Methodology.objects.order_by("name") if (m.name, m.version) in pairs]


def find_round(text: str):
    """Find a round by "latest", its uid, its end date (YYYY-MM-DD) or its unique DTM number."""
    text = text.strip()
    if text == "latest":
        found = Round.objects.order_by("-end_date").first()
        if found is None:
            raise Round.DoesNotExist("there is no round yet")
        return found
    try:
        return Round.objects.get(uid=uuid.UUID(text))
    except ValueError:
        pass
    except Round.DoesNotExist as exc:
        raise Round.DoesNotExist(f"no round {text}") from exc
    try:
        end_date = dt.date.fromisoformat(text)
    except ValueError:
        end_date = None
    if end_date is not None:
        found = Round.objects.filter(end_date=end_date).first()
        if found is None:
            raise Round.DoesNotExist(f"no round ends on {text}")
        return found
    if text.isdigit():
        matches = list(Round.objects.filter(number=int(text))[:2])
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise Round.DoesNotExist(f"round number {text} is ambiguous: give its end date")
    raise Round.DoesNotExist(f"no round {text!r} (give latest, a uid, an end date or a number)")


def answers_frame(round, index: str, location_ids=None) -> pd.DataFrame:
    """Answers of one index in one round: one row per location id, one column per indicator."""
    queryset = IndicatorValue.objects.filter(round=round, index=index)
    if location_ids is not None:
        queryset = queryset.filter(location_id__in=location_ids)
    # A plain cursor: the ORM's per-row work dominates at hundreds of thousands of answers.
    sql, params = queryset.values_list("location_id", "indicator", "value").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return pd.DataFrame(index=pd.Index([], name="location_id"))
    frame = pd.DataFrame.from_records(rows, columns=["location_id", "indicator", "value"])
    return frame.pivot(index="location_id", columns="indicator", values="value").sort_index()


def get_population(round, population_type: str) -> dict[int, int] | None:
    """Individuals per location in the round, from tracking's figures; None when the round has
    no figures for this population (indices then weigh every location alike)."""
    figures = population_by_location(round, population_type)
    return {location: individuals for location, (_, individuals) in figures.items()} or None


def location_areas() -> tuple[dict[int, str | None], dict[str, int]]:
    """Each location's subdistrict P-code (None when its area is coarser) and area ids."""
    subdistricts = {
        loc: (pcode if level == 3 else None)
        for loc, pcode, level in Location.objects.values_list("id", "area__pcode", "area__level")
    }
    area_ids = dict(AdminArea.objects.filter(level=3).values_list("pcode", "id"))
    return subdistricts, area_ids


def results_visible_to(user, round, methodology) -> QuerySet[IndexResult]:
    return filter_by_governorate(
        IndexResult.objects.filter(round=round, methodology=methodology),
        user,
        "location__governorate__pcode",
    )


def hotspots_visible_to(user, round, methodology) -> QuerySet[Hotspot]:
    return filter_by_governorate(
        Hotspot.objects.filter(round=round, methodology=methodology),
        user,
        "subdistrict__parent__parent__pcode",
    )


def rounds_with_results(user, methodology_name: str | None = None) -> list[Round]:
    """Rounds with results that the user may see, newest first: drafts stay with managers."""
    queryset = IndexResult.objects.all()
    if methodology_name:
        queryset = queryset.filter(methodology__name=methodology_name)
    ids = queryset.values("round_id").distinct()
    return list(rounds_visible_to(user).filter(id__in=ids).order_by("-end_date"))


def _previous_round(user, round) -> Round | None:
    """The latest round before this one that the user may see."""
    return (
        rounds_visible_to(user).filter(end_date__lt=round.start_date).order_by("-end_date").first()
    )


def methodologies_computed_in(round) -> list[Methodology]:
    ids = IndexResult.objects.filter(round=round).values("methodology_id").distinct()
    return list(Methodology.objects.filter(id__in=ids).order_by("name", "-version"))


def _share(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def get_dashboard(user, round, methodology: Methodology, *, most_severe: int = 20) -> dict:
    """Everything the index dashboard shows, scoped to the user's governorates.

    National figures are the sums of the governorate rows, so the table always adds up.
    """
    results = results_visible_to(user, round, methodology)
    rows = list(
        results.values_list(
            "location_id", "location__governorate__pcode", "category", "population", "status"
        )
    )
    governorates = {
        a.pcode: a for a in AdminArea.objects.filter(level=1, pcode__in={r[1] for r in rows})
    }
    per_gov: dict[str, dict] = {}
    insufficient = 0
    for _, gov, category, population, status in rows:
        if status != "scored":
            insufficient += 1
            continue
        entry = per_gov.setdefault(
            gov,
            {"area": governorates[gov], **{c: [0, 0] for c in CATEGORY_ORDER}, "total": [0, 0]},
        )
        entry[category][0] += 1
        entry[category][1] += population or 0
        entry["total"][0] += 1
        entry["total"][1] += population or 0
    table = [per_gov[g] for g in sorted(per_gov)]
    national = {key: [0, 0] for key in [*CATEGORY_ORDER, "total"]}
    for entry in table:
        for key in national:
            national[key][0] += entry[key][0]
            national[key][1] += entry[key][1]
    summary = [
        {
            "category": Category(c),
            "locations": national[c][0],
            "locations_share": _share(national[c][0], national["total"][0]),
            "population": national[c][1],
            "population_share": _share(national[c][1], national["total"][1]),
        }
        for c in CATEGORY_ORDER
    ]
    # Boundaries are large JSON documents, read only by the maps.
    severe = list(
        results.filter(score__isnull=False)
        .select_related("location__area", "location__governorate")
        .defer("location__area__geometry", "location__governorate__geometry")
        .order_by("-score", "location__external_id")[:most_severe]
    )
    hotspots = list(
        hotspots_visible_to(user, round, methodology)
        .select_related("subdistrict__parent__parent")
        .defer(
            "subdistrict__geometry",
            "subdistrict__parent__geometry",
            "subdistrict__parent__parent__geometry",
        )
        .order_by("-population", "subdistrict__pcode")
    )
    return {
        "summary": summary,
        "table": table,
        "national": national,
        "insufficient": insufficient,
        "most_severe": severe,
        "hotspots": hotspots,
        "changes": category_changes(user, round, methodology),
    }


def category_changes(user, round, methodology: Methodology) -> dict | None:
    """Locations by (previous category, current category), same methodology version only."""
    previous = _previous_round(user, round)
    if previous is None:
        return None
    before = dict(
        results_visible_to(user, previous, methodology)
        .exclude(category="")
        .values_list("location_id", "category")
    )
    if not before:
        return {"round": previous, "matrix": None}
    matrix: dict[str, dict[str, int]] = {p: {c: 0 for c in CATEGORY_ORDER} for p in CATEGORY_ORDER}
    worse = better = 0
    rank: dict[str, int] = {Category.LOW: 0, Category.MEDIUM: 1, Category.HIGH: 2}
    for location_id, category in (
        results_visible_to(user, round, methodology)
        .exclude(category="")
        .values_list("location_id", "category")
    ):
        if location_id in before:
            matrix[before[location_id]][category] += 1
            delta = rank[category] - rank[before[location_id]]
            worse += delta > 0
            better += delta < 0
    return {"round": previous, "matrix": matrix, "worse": worse, "better": better}


def get_map(user, round, methodology: Methodology) -> dict:
    """GeoJSON points of the scored locations, coloured by category on the page."""
    features = []
    for uid, name_en, name_ar, lat, lon, score, category in (
        results_visible_to(user, round, methodology)
        .filter(location__latitude__isnull=False)
        .exclude(category="")
        .values_list(
            "location__uid",
            "location__name_en",
            "location__name_ar",
            "location__latitude",
            "location__longitude",
            "score",
            "category",
        )
    ):
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "uid": str(uid),
                    "name": name_en,
                    "name_ar": name_ar,
                    "score": score,
                    "category": category,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def location_history(user, location) -> list[dict]:
    """A location's results in the rounds the user may see, newest first, with the indicators
    driving each score.

    An indicator's contribution is its weighted severity's share of its group score, so the
    drivers are the answers that add most to the score.
    """
    history = []
    results = (
        IndexResult.objects.filter(location=location, round__in=rounds_visible_to(user))
        .select_related("round", "methodology")
        .order_by("-round__end_date", "methodology__name", "-methodology__version")
    )
    for result in results:
        methodology = result.methodology.engine
        answers = dict(
            IndicatorValue.objects.filter(
                round=result.round, location=location, index=methodology.name
            ).values_list("indicator", "value")
        )
        drivers: list[dict[str, Any]] = []
        for group in methodology.groups:
            total = sum(i.weight for i in group.indicators if i.code in answers)
            for indicator in group.indicators:
                if indicator.code not in answers or not total:
                    continue
                severity = indicator.severity(answers[indicator.code])
                points = 100 * indicator.weight * severity / total
                contribution = points * group.weight / sum(g.weight for g in methodology.groups)
                option = next(
                    (o for o in indicator.options if o.code == answers[indicator.code]), None
                )
                drivers.append(
                    {
                        "indicator": indicator,
                        "group": group,
                        "answer": option,
                        "severity": severity,
                        "contribution": round(contribution, 1),
                    }
                )
        drivers.sort(key=lambda d: -d["contribution"])
        history.append({"result": result, "methodology": methodology, "drivers": drivers})
    return history


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def export_frame(user, round, methodology: Methodology) -> pd.DataFrame:
    """The round's results with their answers, one row per location, in the standalone format.

    The columns are those `compute_index` reads (location_id, subdistrict, population, one per
    indicator code), so the export recomputes to the same scores outside Masar.
    """
    eng = methodology.engine
    results = list(
        results_visible_to(user, round, methodology)
        .order_by("location__external_id")
        .values_list(
            "location_id",
            "location__external_id",
            "location__name_en",
            "location__name_ar",
            "location__governorate__pcode",
            "location__area__pcode",
            "location__area__level",
            "population",
            "scale_scores",
            "score",
            "category",
            "status",
        )
    )
    answers = answers_frame(round, eng.name, [r[0] for r in results]) if results else None
    records = []
    for row in results:
        (loc, external_id, name_en, name_ar, gov, area, level, population) = row[:8]
        scale_scores, score, category, status = row[8:]
        record: dict[str, Any] = {
            "location_id": external_id,
            "location_name": name_en,
            "location_name_ar": name_ar,
            "governorate": gov,
            "subdistrict": area if level == 3 else "",
            "population": population,
        }
        for code in eng.indicator_codes:
            value: Any = None
            if answers is not None and code in answers.columns and loc in answers.index:
                value = answers.at[loc, code]
            record[code] = (
                None if is_missing(value) else int(value) if float(value).is_integer() else value
            )
        for group in eng.groups:
            record[f"{group.code}_score"] = scale_scores.get(group.code)
        record.update(score=score, category=category, status=status, methodology=methodology.key)
        records.append(record)
    columns = [
        "location_id", "location_name", "location_name_ar", "governorate", "subdistrict",
        "population", *eng.indicator_codes, *[f"{g.code}_score" for g in eng.groups],
        "score", "category", "status", "methodology",
    ]  # fmt: skip
    return pd.DataFrame.from_records(records, columns=columns)


def hxl_tags(methodology: Methodology) -> list[str]:
    """HXL hashtags for the export columns (same order as `export_frame`)."""
    eng = methodology.engine
    population = (
        "#affected+returnees+ind" if eng.population_type == "returnee" else ("#affected+idps+ind")
    )
    return [
        "#loc+code", "#loc+name+i_en", "#loc+name+i_ar", "#adm1+code", "#adm3+code", population,
        *[f"#indicator+{code}+code" for code in eng.indicator_codes],
        *[f"#severity+{g.code}" for g in eng.groups],
        "#severity+score", "#severity+category", "#status", "#meta+methodology",
    ]  # fmt: skip
