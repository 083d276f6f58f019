"""Writes for the indices: register methodology versions, record answers, compute results."""

from __future__ import annotations

import hashlib
import json
import math
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from masar.core.jobs import Progress

from . import engine, queries
from .choices import MethodologySource, ResultStatus, ValueSource
from .models import Hotspot, IndexResult, IndicatorValue, Methodology


class MethodologyConflict(ValueError):
    """A different definition already holds this name and version (versions are immutable)."""


def checksum(definition: dict) -> str:
    canonical = json.dumps(definition, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@transaction.atomic
def register_methodology(
    definition: dict,
    *,
    source: str = MethodologySource.FILE,
    user=None,
) -> Methodology:
    """Store a validated definition as an immutable version; idempotent for the same text.

    Raises engine.MethodologyError when invalid, MethodologyConflict when the name and version
    already hold another definition.
    """
    parsed = engine.parse_methodology(definition)
    digest = checksum(parsed.definition)
    existing = Methodology.objects.filter(name=parsed.name, version=parsed.version).first()
    if existing is not None:
        if existing.checksum != digest:
            raise MethodologyConflict(
                f"{parsed.key} already exists with another definition: give it a new version"
            )
        return existing
    return Methodology.objects.create(
        name=parsed.name,
        version=parsed.version,
        kind=parsed.kind,
        title=parsed.title.get("en", parsed.name)[:200],
        definition=parsed.definition,
        checksum=digest,
        diagnostics=parsed.definition.get("diagnostics") or {},
        source=source,
        created_by=user,
    )


def ensure_shipped_methodologies() -> list[Methodology]:
    """Register version 1 of every shipped methodology (once)."""
    return [
        register_methodology(
            engine.read_definition(engine.shipped_path(name)), source=MethodologySource.SHIPPED
        )
        for name in engine.shipped_names()
    ]


# Its own transaction when called alone; within a caller's, no savepoint of its own: an error
# here undoes the caller's unit of work too, and a bulk apply saves a round trip per location.
@transaction.atomic(savepoint=False)
def record_answers(
    round, location, index: str, answers: dict[str, float | None], *, user=None,
    source: str = ValueSource.FORM, methodology: Methodology | None = None,
) -> int:  # fmt: skip
    """Upsert one location's answers for one index and round; None clears an answer.

    Returns the number of answers stored. Codes are checked against the latest methodology
    (`methodology`, when the caller has just read it, saves reading it again).
    """
    definition = (methodology or queries.get_methodology(index)).engine
    unknown = sorted(set(answers) - set(definition.indicator_codes))
    if unknown:
        raise engine.AnswerError([f"{code}: not an indicator of {index}" for code in unknown])
    given = {code: value for code, value in answers.items() if value is not None}
    engine.check_answers(definition, given)
    cleared = [code for code, value in answers.items() if value is None]
    if cleared:
        IndicatorValue.objects.filter(
            round=round, location=location, index=index, indicator__in=cleared
        ).delete()
    now = timezone.now()
    recorded_by = user.pk if user is not None else None
    upsert_rows(
        IndicatorValue,
        ["round", "location", "index", "indicator", "value", "source", "recorded_by", "updated_at"],
        ["round", "index", "location", "indicator"],
        [
            (round.pk, location.pk, index, code, float(value), source, recorded_by, now)
            for code, value in given.items()
        ],
    )
    return len(given)


def upsert_rows(model, fields: list[str], unique: list[str], rows: list[tuple]) -> int:
    """Insert plain tuples, updating the other `fields` of a row whose `unique` fields exist.

    Why not bulk_create(update_conflicts=True): building and compiling it costs more than the
    write for the few rows of one location, which every key-informant form and collected
    submission stores. One multi-row `INSERT ... ON CONFLICT ... DO UPDATE` per batch reads the
    same on SQLite and PostgreSQL and costs one round trip. Values are passed as the database
    stores them (ids, aware datetimes)."""
    if not rows:
        return 0
    quote = connection.ops.quote_name
    meta = model._meta
    columns = [quote(meta.get_field(f).column) for f in fields]
    keys = [quote(meta.get_field(f).column) for f in unique]
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in keys)
    datetimes = [
        n for n, f in enumerate(fields) if meta.get_field(f).get_internal_type() == "DateTimeField"
    ]
    adapt = connection.ops.adapt_datetimefield_value
    one = f"({', '.join(['%s'] * len(fields))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), UPSERT_BATCH):
            batch = rows[start : start + UPSERT_BATCH]
            values = [adapt(v) if n in datetimes else v for row in batch for n, v in enumerate(row)]
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({', '.join(columns)}) "
                f"VALUES {', '.join([one] * len(batch))} "
                f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}",
                values,
            )
    return len(rows)


# Rows per statement: well under SQLite's bound-parameter limit at a dozen columns.
UPSERT_BATCH = 500


def insert_rows(model, fields: list[str], rows) -> int:
    """Insert plain tuples with executemany, in batches.

    Why not bulk_create: it costs tens of microseconds per model instance, which at a national
    round's hundreds of thousands of answers is most of the time; the rows here need no
    per-object logic (no signals, defaults filled by the caller).
    """
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(f).column) for f in fields)
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    count = 0
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) == 10_000:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


@transaction.atomic
def store_answers(
    round, index: str, answers: pd.DataFrame, *, source: str = ValueSource.UPLOAD, user=None
) -> int:
    """Replace the round's answers of one index for the frame's locations, in bulk.

    `answers`: one row per location id (the index), one column per indicator code; blanks are
    unanswered. Every code is checked first (engine.AnswerError): all or nothing.
    """
    methodology = queries.get_methodology(index).engine
    unknown = sorted(set(answers.columns) - set(methodology.indicator_codes))
    if unknown:
        raise engine.AnswerError([f"{code}: not an indicator of {index}" for code in unknown])
    engine.severities(methodology, answers)
    ids = [int(i) for i in answers.index]
    for start in range(0, len(ids), 5000):
        IndicatorValue.objects.filter(
            round=round, index=index, location_id__in=ids[start : start + 5000]
        ).delete()
    long = answers.apply(pd.to_numeric).stack().dropna()
    now = timezone.now()
    user_id = getattr(user, "pk", None)
    return insert_rows(
        IndicatorValue,
        ["round", "location", "index", "indicator", "value", "source", "recorded_by", "updated_at"],
        (
            (round.pk, int(location), index, code, float(value), source, user_id, now)
            for (location, code), value in long.items()
        ),
    )


@dataclass
class ComputeReport:
    methodology: str
    round: str
    locations: int = 0
    scored: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    insufficient: list[str] = field(default_factory=list)  # location external ids
    hotspots: int = 0
    population_known: bool = False
    # Answered locations without the index's population in the round: no result for them.
    out_of_scope: int = 0
    seconds_compute: float = 0.0
    seconds_write: float = 0.0


def _number_or_none(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def compute_results(round, methodology: Methodology, *, areas=None) -> ComputeReport:
    """Compute and store the results and the hotspots of one round and version.

    Only the locations the index describes get a result (`engine.in_scope`: the Return Index's
    locations with returnees in the round, the Displacement Index's hosting IDPs); with no
    figures for its population, every answered location. Replaces earlier results of the same
    round and version only: results of other versions stay as they were. Vectorised: a fixed
    number of queries whatever the number of locations.
    """
    started = time.perf_counter()
    eng = methodology.engine
    report = ComputeReport(methodology=methodology.key, round=str(round))
    answers = queries.answers_frame(round, eng.name)
    subdistricts, area_ids = areas or queries.location_areas()
    population = queries.get_population(round, eng.population_type)
    report.population_known = population is not None
    pop = None
    if population is not None:
        pop = pd.Series(population, dtype=float).reindex(answers.index).fillna(0)
    scope = engine.in_scope(eng, pop)
    if scope is not None and pop is not None:
        # Only the locations the index describes get results (one rule, in the engine).
        report.out_of_scope = int((~scope).sum())
        answers, pop = answers[scope.to_numpy()], pop[scope.to_numpy()]
    if len(answers):
        results = engine.compute_scores(eng, answers, pop)
        results["subdistrict"] = [subdistricts.get(i) for i in results.index]
        hotspots = engine.find_hotspots(eng, results)
        hotspots = hotspots[hotspots["hotspot"]]
    else:
        results, hotspots = pd.DataFrame(), pd.DataFrame()
    group_cols = [f"{g.code}_score" for g in eng.groups]
    now = timezone.now()
    result_rows = [
        (
            round.pk,
            int(location_id),
            methodology.pk,
            json.dumps(
                {
                    g.code: _number_or_none(float(v))
                    for g, v in zip(eng.groups, values[:-5], strict=True)
                }
            ),
            _number_or_none(float(values[-5])),
            values[-4],
            bool(values[-3]),
            None if pop_value is None else int(pop_value),
            int(values[-2]),
            values[-1],
            now,
        )
        for location_id, pop_value, *values in _rows(results, group_cols, population is not None)
    ]
    hotspot_rows = [
        Hotspot(
            round=round,
            subdistrict_id=area_ids[row.subdistrict],
            methodology=methodology,
            scale_scores={g.code: float(getattr(row, f"{g.code}_score")) for g in eng.groups},
            population=int(row.population),
            locations=int(row.locations),
            reason=row.reason,
        )
        for row in hotspots.itertuples()
        if row.subdistrict in area_ids
    ]
    if len(results):
        report.locations = len(results)
        report.scored = int((results["status"] == ResultStatus.SCORED).sum())
        report.by_category = {
            str(k): int(v) for k, v in results["category"].value_counts().items() if k
        }
        insufficient = results.index[results["status"] != ResultStatus.SCORED]
        if len(insufficient):
            external = dict(
                queries.Location.objects.filter(id__in=list(insufficient)[:1000]).values_list(
                    "id", "external_id"
                )
            )
            report.insufficient = [external.get(i, str(i)) for i in insufficient]
    report.hotspots = len(hotspot_rows)
    written = time.perf_counter()
    report.seconds_compute = written - started
    with transaction.atomic():
        IndexResult.objects.filter(round=round, methodology=methodology).delete()
        Hotspot.objects.filter(round=round, methodology=methodology).delete()
        insert_rows(
            IndexResult,
            [
                "round", "location", "methodology", "scale_scores", "score", "category",
                "very_high", "population", "answered", "status", "computed_at",
            ],
            result_rows,
        )  # fmt: skip
        Hotspot.objects.bulk_create(hotspot_rows, batch_size=2000)
    report.seconds_write = time.perf_counter() - written
    return report


def _rows(results: pd.DataFrame, group_cols: list[str], with_population: bool):
    if not len(results):
        return []
    columns = [*group_cols, "score", "category", "very_high", "answered", "status"]
    population = (
        results["population"].to_numpy() if with_population else np.full(len(results), None)
    )
    return zip(results.index, population, *(results[c].to_numpy() for c in columns), strict=True)


def compute_indices(
    round, methodologies: list[Methodology] | None = None, *, progress: Progress | None = None
) -> list[ComputeReport]:
    """Compute the latest version of every methodology (or the given ones) for a round, one
    after the other; `progress` hears how many are done (a background job's, or a bar)."""
    if methodologies is None:
        ensure_shipped_methodologies()
        methodologies = queries.latest_methodologies()
    areas = queries.location_areas()
    reports = []
    for done, methodology in enumerate(methodologies):
        if progress is not None:
            progress(done, len(methodologies), gettext_noop("Computing the indices"))
        reports.append(compute_results(round, methodology, areas=areas))
    if progress is not None:
        progress(len(methodologies), len(methodologies), gettext_noop("Computing the indices"))
    return reports


def estimate_methodology_weights(
    name: str, round, *, model: str | None = None, user=None
) -> Methodology:
    """Estimate the weights of a methodology on a round's data; store them as a new version.

    The outcome is whether a location has the methodology's population (returnees for the
    Return Index) in the round's figures; locations absent from the figures count as none.
    """
    ensure_shipped_methodologies()
    base = queries.get_methodology(name)
    eng = base.engine
    answers = queries.answers_frame(round, eng.name)
    population = queries.get_population(round, eng.population_type)
    if population is None:
        raise engine.EstimationError("no population figures in this round")
    outcome = pd.Series(
        [1.0 if population.get(i, 0) > 0 else 0.0 for i in answers.index], index=answers.index
    )
    # The newest version of the name: `base` may be an older one named by "name@version".
    latest = Methodology.objects.filter(name=eng.name).order_by("-version").first() or base
    estimation = engine.estimate_weights(
        eng, answers, outcome, model=model, new_version=latest.version + 1
    )
    estimation.definition["diagnostics"]["round"] = str(round)
    return register_methodology(
        estimation.definition, source=MethodologySource.ESTIMATED, user=user
    )
