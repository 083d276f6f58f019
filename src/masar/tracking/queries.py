"""Reads of tracking data. Every total is a sum over the `Figure` fact table."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum

from masar.accounts.grants import filter_by_governorate
from masar.geo.models import AdminArea, Location

from .access import released_rounds, rounds_visible_to
from .choices import SHELTER_GROUP, ImportOutcome, PopulationType
from .models import (
    AreaFigure,
    EmergencyEvent,
    EmergencyUpdate,
    Figure,
    ImportBatch,
    Round,
    RoundEvent,
    WarningAcknowledgement,
)


def find_round(text: str) -> Round:
    """A round by its uid, its period (`2024-05-01..2024-06-30`), its end date, or its DTM
    number when only one round carries it (DTM numbers repeat across periods)."""
    matches = list(Round.objects.filter(_round_lookup(text.strip()))[:2])
    if len(matches) != 1:
        which = "several rounds match" if matches else "no round matches"
        raise Round.DoesNotExist(f"{which} {text!r}: give its uid or its period as START..END")
    return matches[0]


def _round_lookup(text: str) -> Q:
    try:
        return Q(uid=uuid.UUID(text))
    except ValueError:
        pass
    start, _dots, end = text.rpartition("..")
    try:
        lookup = Q(end_date=date.fromisoformat(end))
        return lookup & Q(start_date=date.fromisoformat(start)) if start else lookup
    except ValueError:
        pass
    if text.isdigit():
        return Q(number=int(text))
    raise Round.DoesNotExist(f"{text!r} is not a round uid, period, end date or number")


def latest_round(status: str | None = None) -> Round | None:
    rounds = Round.objects.filter(figures__isnull=False).distinct()
    if status:
        rounds = rounds.filter(status=status)
    return rounds.order_by("-end_date").first()


def rounds_listed(user) -> QuerySet[Round]:
    """The rounds the user may see, each with its individuals and whether it is released
    (a published round under embargo is not, and only tracking managers see it)."""
    return rounds_visible_to(user).annotate(
        individuals=Sum("figures__individuals"),
        released=Exists(released_rounds().filter(pk=OuterRef("pk"))),
    )


def previous_round(round_: Round, rounds: QuerySet[Round] | None = None) -> Round | None:
    """The latest round with figures ending before this one starts, among `rounds` (default:
    every round, as import checks compare with whatever came before)."""
    rounds = Round.objects.all() if rounds is None else rounds
    return (
        rounds.filter(end_date__lt=round_.start_date, figures__isnull=False)
        .distinct()
        .order_by("-end_date")
        .first()
    )


def population_by_location(round_: Round, population_type: str) -> dict[int, tuple[int, int]]:
    """location id → (families, individuals) in the round, for one population type."""
    rows = (
        Figure.objects.filter(round=round_, population_type=population_type)
        .values_list("location_id")
        .annotate(f=Sum("families"), i=Sum("individuals"))
    )
    return {location_id: (families, individuals) for location_id, families, individuals in rows}


def figures_visible_to(user, round_: Round) -> QuerySet[Figure]:
    return filter_by_governorate(
        Figure.objects.filter(round=round_), user, "location__governorate__pcode"
    )


def totals(figures: QuerySet[Figure]) -> dict[str, dict[str, int]]:
    """Families and individuals by population type."""
    result = {p: {"families": 0, "individuals": 0, "locations": 0} for p in PopulationType.values}
    for row in figures.values("population_type").annotate(
        families=Sum("families"),
        individuals=Sum("individuals"),
        locations=Count("location", distinct=True),
    ):
        result[row["population_type"]] = {
            "families": row["families"],
            "individuals": row["individuals"],
            "locations": row["locations"],
        }
    return result


def totals_by_governorate(round_: Round, user=None) -> list[dict]:
    """Per governorate and population type: families, individuals and locations.

    Grouped on the governorate key alone, without joining the areas, and named afterwards
    from the 18 governorates: the join costs more than the sums on a national round.
    """
    figures = (
        Figure.objects.filter(round=round_) if user is None else figures_visible_to(user, round_)
    )
    rows = (
        figures.values("location__governorate_id", "population_type")
        .annotate(
            families=Sum("families"),
            individuals=Sum("individuals"),
            locations=Count("location", distinct=True),
        )
        .order_by()
    )
    names = {a.pk: a for a in AdminArea.objects.filter(level=1).only("pcode", "name_en", "name_ar")}
    result = [
        {
            "pcode": names[r["location__governorate_id"]].pcode,
            "name_en": names[r["location__governorate_id"]].name_en,
            "name_ar": names[r["location__governorate_id"]].name_ar,
            "population_type": r["population_type"],
            "families": r["families"],
            "individuals": r["individuals"],
            "locations": r["locations"],
        }
        for r in rows
    ]
    return sorted(result, key=lambda r: (r["pcode"], r["population_type"]))


def totals_from_governorates(rows: list[dict]) -> dict[str, dict[str, int]]:
    """National totals by population type from `totals_by_governorate` rows (a location lies
    in one governorate, so its distinct-location counts add up too)."""
    result = {p: {"families": 0, "individuals": 0, "locations": 0} for p in PopulationType.values}
    for row in rows:
        entry = result[row["population_type"]]
        for key in ("families", "individuals", "locations"):
            entry[key] += row[key]
    return result


def shelter_groups(figures: QuerySet[Figure]) -> dict[str, dict[str, int]]:
    """population type → shelter group → individuals."""
    result: dict[str, dict[str, int]] = {}
    for row in figures.values("population_type", "shelter").annotate(n=Sum("individuals")):
        group = str(SHELTER_GROUP[row["shelter"]])
        by_group = result.setdefault(row["population_type"], {})
        by_group[group] = by_group.get(group, 0) + row["n"]
    return result


def location_history(location: Location, user) -> list[Mapping[str, Any]]:
    """A location's totals per round the user may see and population type, oldest first."""
    rows = (
        Figure.objects.filter(location=location, round__in=rounds_visible_to(user))
        .values(
            "round__uid",
            "round__start_date",
            "round__end_date",
            "round__number",
            "round__status",
            "population_type",
        )
        .annotate(families=Sum("families"), individuals=Sum("individuals"))
        .order_by("round__end_date", "population_type")
    )
    return list(rows)


def national_series(user) -> list[dict]:
    """Individuals per round end date and population type over the rounds the user may see,
    from location rounds and, where a round has no location-level figures, from admin-level
    series (country rows); each point carries its round's status."""
    rounds = rounds_visible_to(user)
    series: dict[tuple, dict] = {}
    for row in (
        Figure.objects.filter(round__in=rounds)
        .values("round__end_date", "round__status", "population_type")
        .annotate(individuals=Sum("individuals"))
        .order_by("round__end_date")
    ):
        key = (row["round__end_date"], row["population_type"])
        series[key] = {
            "date": key[0],
            "population_type": key[1],
            "individuals": row["individuals"],
            "source": "locations",
            "status": row["round__status"],
        }
    for row in AreaFigure.objects.filter(area__level=0, round__in=rounds).values(
        "round__end_date", "round__status", "population_type", "individuals"
    ):
        key = (row["round__end_date"], row["population_type"])
        series.setdefault(
            key,
            {
                "date": key[0],
                "population_type": key[1],
                "individuals": row["individuals"],
                "source": "admin",
                "status": row["round__status"],
            },
        )
    return sorted(series.values(), key=lambda r: (r["date"], r["population_type"]))


def compare_rounds(first: Round, second: Round, user) -> list[dict]:
    """New, closed and changed locations between two rounds (families by population type),
    among the locations the user's grants reach, as on the round map."""

    def by_location(round_):
        return {
            (r["location_id"], r["population_type"]): r
            for r in figures_visible_to(user, round_)
            .values(
                "location_id",
                "location__external_id",
                "location__name_en",
                "location__governorate__pcode",
                "population_type",
            )
            .annotate(families=Sum("families"), individuals=Sum("individuals"))
        }

    before, after = by_location(first), by_location(second)
    rows = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        ref = new or old
        change = "new" if old is None else "closed" if new is None else "changed"
        old_f, new_f = (old or {}).get("families", 0), (new or {}).get("families", 0)
        if change == "changed" and old_f == new_f:
            change = "unchanged"
        rows.append(
            {
                "location": ref["location__external_id"],
                "name": ref["location__name_en"],
                "governorate": ref["location__governorate__pcode"],
                "population_type": ref["population_type"],
                "change": change,
                "families_before": old_f,
                "families_after": new_f,
            }
        )
    return rows


# The governorate P-code of an admin-level figure at each level, for scoping by grants: the
# country row reaches only country-wide grants (it cannot be cut by governorate).
_AREA_GOVERNORATE = {0: "area__pcode", 1: "area__pcode", 2: "area__parent__pcode"}


def area_figures(round_: Round, level: int, user, population_type: str | None = None) -> list[dict]:
    """Figures by admin area at a level (0 country, 1 governorate, 2 district) for a round:
    sums of the location facts where the round has them, else the admin-level figures.

    Scoped like the round map: a user whose grants cover some governorates gets only their
    areas, and the country row of location facts sums only the locations they reach."""
    prefix = {0: None, 1: "location__governorate", 2: "location__area__parent"}
    facts = Figure.objects.filter(round=round_)
    figures = figures_visible_to(user, round_)
    if population_type:
        facts = facts.filter(population_type=population_type)
        figures = figures.filter(population_type=population_type)
    # Whether the round has location facts is decided before scoping: a user who reaches none
    # of them gets nothing, not the admin-level figures instead.
    if facts.exists():
        if level == 0:
            rows = figures.values("population_type").annotate(
                families=Sum("families"), individuals=Sum("individuals")
            )
            return [{"pcode": "IQ", **r} for r in rows]
        field = prefix[level]
        if level == 2:
            # Locations are attached to subdistricts; a few only to a district.
            rows = figures.values("location__area__pcode", "population_type").annotate(
                families=Sum("families"), individuals=Sum("individuals")
            )
            merged: dict[tuple, dict] = {}
            for r in rows:
                key = (r["location__area__pcode"][:8], r["population_type"])
                entry = merged.setdefault(
                    key,
                    {"pcode": key[0], "population_type": key[1], "families": 0, "individuals": 0},
                )
                entry["families"] += r["families"]
                entry["individuals"] += r["individuals"]
            return sorted(merged.values(), key=lambda e: (e["pcode"], e["population_type"]))
        rows = (
            figures.values(f"{field}__pcode", "population_type")
            .annotate(families=Sum("families"), individuals=Sum("individuals"))
            .order_by(f"{field}__pcode")
        )
        return [
            {
                "pcode": r[f"{field}__pcode"],
                "population_type": r["population_type"],
                "families": r["families"],
                "individuals": r["individuals"],
            }
            for r in rows
        ]
    admin = filter_by_governorate(
        AreaFigure.objects.filter(round=round_, area__level=level), user, _AREA_GOVERNORATE[level]
    )
    if population_type:
        admin = admin.filter(population_type=population_type)
    return [
        {"pcode": pcode, "population_type": p, "families": f, "individuals": i}
        for pcode, p, f, i in admin.values_list(
            "area__pcode", "population_type", "families", "individuals"
        ).order_by("area__pcode")
    ]


def has_figures(round_: Round) -> bool:
    return (
        Figure.objects.filter(round=round_).exists()
        or AreaFigure.objects.filter(Q(round=round_)).exists()
    )


# The warnings that compare a round with the one before (see importing.plausibility); row-level
# warnings (an area fallen back to, an origin recorded as unknown) are in the import report.
PLAUSIBILITY_KINDS = frozenset({"change", "missing"})


def warning_key(batch: ImportBatch, index: int) -> str:
    """How a page and a transition's form name one warning: its batch and its place."""
    return f"{batch.uid}:{index}"


def plausibility_warnings(round_: Round) -> list[dict]:
    """The plausibility warnings of the round's imports, oldest import first, each with its
    key, its batch and its acknowledgement (None while unacknowledged)."""
    batches = list(
        ImportBatch.objects.filter(round=round_, outcome=ImportOutcome.IMPORTED).order_by(
            "created_at", "id"
        )
    )
    acknowledged = {
        (a.batch_id, a.index): a
        for a in WarningAcknowledgement.objects.filter(batch__in=batches).select_related("actor")
    }
    result = []
    for batch in batches:
        for index, warning in enumerate((batch.report or {}).get("warnings") or []):
            if warning.get("kind") not in PLAUSIBILITY_KINDS:
                continue
            result.append(
                {
                    "key": warning_key(batch, index),
                    "batch": batch,
                    "index": index,
                    "warning": warning,
                    "acknowledgement": acknowledged.get((batch.pk, index)),
                }
            )
    return result


def unacknowledged_warnings(round_: Round) -> list[dict]:
    return [w for w in plausibility_warnings(round_) if w["acknowledgement"] is None]


def latest_round_summary(user, *, limit: int = 5) -> dict | None:
    """A tracking manager's day, for the home page: the latest round they see, its open
    (unacknowledged) plausibility warnings with the first `limit`, and how many rounds are at
    each status. None before the first round. Four queries."""
    rounds = rounds_visible_to(user)
    round_ = rounds.order_by("-end_date", "-id").first()
    if round_ is None:
        return None
    warnings = unacknowledged_warnings(round_)
    return {
        "round": round_,
        "warnings": len(warnings),
        "first_warnings": warnings[:limit],
        "by_status": dict(rounds.values_list("status").annotate(n=Count("id"))),
    }


def last_step(round_: Round, action: str) -> RoundEvent | None:
    """The latest step `action` on the round's timeline (e.g. who validated it)."""
    return (
        RoundEvent.objects.filter(round=round_, action=action)
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )


def round_locations(user, round_: Round, search: str = "") -> QuerySet:
    """One row per location of the round the user's grants reach: its id, names, governorate
    and the families and individuals of IDPs and returnees there, by location id. `search`
    matches the location id, the names, or the P-code of its governorate or area."""
    figures = figures_visible_to(user, round_)
    search = search.strip()
    if search:
        figures = figures.filter(
            Q(location__external_id__icontains=search)
            | Q(location__name_en__icontains=search)
            | Q(location__name_ar__icontains=search)
            | Q(location__name_ku__icontains=search)
            | Q(location__area__pcode__istartswith=search)
            | Q(location__governorate__pcode__istartswith=search)
        )
    idp, returnee = (
        Q(population_type=PopulationType.IDP),
        Q(population_type=PopulationType.RETURNEE),
    )
    return (
        figures.values(
            "location__uid",
            "location__external_id",
            "location__name_en",
            "location__name_ar",
            "location__name_ku",
            "location__governorate__pcode",
            "location__area__pcode",
        )
        .annotate(
            idp_families=Sum("families", filter=idp, default=0),
            idp_individuals=Sum("individuals", filter=idp, default=0),
            returnee_families=Sum("families", filter=returnee, default=0),
            returnee_individuals=Sum("individuals", filter=returnee, default=0),
        )
        .order_by("location__external_id")
    )


def emergency_totals(
    events: QuerySet[EmergencyEvent], until: date | None = None
) -> list[dict[str, Any]]:
    """Per event, in two queries: the cumulative individuals displaced and returned, those still
    displaced, the locations reporting and the date of the last update (up to `until`, a round
    report's end date). Events without an update in the period are left out."""
    updates = EmergencyUpdate.objects.filter(event__in=events)
    if until is not None:
        updates = updates.filter(reported_on__lte=until)
    sums = {
        row["event"]: row
        for row in updates.values("event")
        .annotate(
            displaced=Sum("individuals_displaced"),
            returned=Sum("individuals_returned"),
            locations=Count("location", distinct=True),
            last_update=Max("reported_on"),
        )
        .order_by()
    }
    result = []
    for event in events.filter(pk__in=list(sums)).order_by("-start_date", "-id"):
        row = sums[event.pk]
        result.append(
            {
                "event": event,
                "displaced": row["displaced"],
                "returned": row["returned"],
                "still_displaced": max(row["displaced"] - row["returned"], 0),
                "locations": row["locations"],
                "last_update": row["last_update"],
            }
        )
    return result
