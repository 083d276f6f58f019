"""Test data for the indices: rounds, answered locations and stubbed population figures."""

from __future__ import annotations

import datetime as dt

import numpy as np

from masar.geo.tests.factories import location_in
from masar.indices import actions, queries
from masar.indices.choices import ValueSource
from masar.indices.models import IndicatorValue
from masar.tracking.choices import RoundStatus, Shelter
from masar.tracking.models import Figure, Round


def make_round(
    end: dt.date = dt.date(2024, 6, 30),
    number: int | None = None,
    status: str = RoundStatus.PUBLISHED,
) -> Round:
    """A round, published unless told: only published rounds reach readers other than managers."""
    return Round.objects.create(
        start_date=end - dt.timedelta(days=60), end_date=end, number=number, status=status
    )


def answer_all(round, locations, index: str, pick, *, source=ValueSource.DEMO) -> None:
    """Store answers for every indicator of `index`: `pick(indicator, location)` gives a code."""
    methodology = queries.get_methodology(index).engine
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(
                round=round,
                location=location,
                index=index,
                indicator=indicator.code,
                value=pick(indicator, location),
                source=source,
            )
            for location in locations
            for indicator in methodology.indicators
            if pick(indicator, location) is not None
        ]
    )


def random_picker(seed: int):
    rng = np.random.default_rng(seed)
    cache: dict = {}

    def pick(indicator, location):
        key = (indicator.code, location.pk)
        if key not in cache:
            cache[key] = float(rng.choice([o.code for o in indicator.options]))
        return cache[key]

    return pick


def answered_locations(round, count=6, pcodes=("IQG15Q05N01", "IQG01Q01N01"), seed=1):
    actions.ensure_shipped_methodologies()
    locations = [location_in(pcodes[n % len(pcodes)]) for n in range(count)]
    answer_all(round, locations, "return-index", random_picker(seed))
    answer_all(round, locations, "displacement-index", random_picker(seed + 1))
    return locations


def stub_population(monkeypatch, figures: dict[int, int]):
    """Stand in for tracking's population figures (individuals per location id)."""
    monkeypatch.setattr(queries, "get_population", lambda round, kind: dict(figures))


def add_figure(round, location, population_type: str, individuals: int) -> Figure:
    """A tracking figure: `individuals` of one population type living in the location."""
    return Figure.objects.create(
        round=round,
        location=location,
        population_type=population_type,
        shelter=Shelter.OWN_HOUSE,
        families=max(1, individuals // 6),
        individuals=individuals,
    )
