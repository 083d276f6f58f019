"""The demo assessments: generated from a known model that estimation recovers."""

import datetime as dt

import numpy as np
import pandas as pd

from masar.core.demo import DemoContext
from masar.geo.demo import generate_locations_and_sites, plan_locations
from masar.indices import demo, engine
from masar.indices.models import IndexResult, IndicatorValue, Methodology

from .factories import make_round, stub_population


def test_answers_drawn_given_the_outcome_keep_the_true_slopes():
    """Case-control draws keep the logit slopes: with 8,000 locations each estimate's standard
    error is about 0.06-0.1, so every coefficient of -0.4 or stronger must keep its sign and
    each lie within 0.3 of the truth (3+ standard errors; fixed seed)."""
    methodology = engine.load_methodology("return-index")
    rng = np.random.default_rng(7)
    n = 8000
    has_returns = rng.random(n) < 0.4
    levels = demo.draw_return_answers(methodology, has_returns, rng)
    answers = pd.DataFrame(demo._codes(methodology, levels), columns=methodology.indicator_codes)

    estimation = engine.estimate_weights(methodology, answers, pd.Series(has_returns.astype(int)))

    for code, truth in demo.TRUE_COEFFICIENTS.items():
        estimate = estimation.diagnostics["coefficients"][code]["coef"]
        if truth <= -0.4:
            assert estimate < 0
        assert abs(estimate - truth) < 0.3, code


def test_dealing_out_gives_harsher_answers_to_harder_locations_and_keeps_every_answer_set():
    rng = np.random.default_rng(3)
    s = rng.random((400, 5))
    hardship = np.linspace(-3, 3, 400)

    dealt = demo.deal_out(s, hardship, rng)

    assert sorted(map(tuple, dealt)) == sorted(map(tuple, s))
    assert np.corrcoef(hardship, dealt.mean(axis=1))[0, 1] > 0.6


def test_smaller_returnee_populations_and_harder_governorates_point_to_harsher_conditions():
    hardship = demo.return_hardship(np.array([60, 6000, 600, 600]), ["IQG01"] * 3 + ["IQG16"])
    assert hardship[0] > hardship[2] > hardship[1] and hardship[3] > hardship[2]


def test_the_demo_step_answers_every_location_and_computes_the_latest_rounds(
    geography, monkeypatch
):
    context = DemoContext(seed=1, scale="small")
    generate_locations_and_sites(context)
    older, latest = make_round(dt.date(2024, 6, 30)), make_round(dt.date(2024, 12, 31))
    plan = {p.external_id: p for p in plan_locations(context)}
    from masar.geo.models import Location

    ids = dict(Location.objects.values_list("external_id", "id"))
    stub_population(monkeypatch, {ids[e]: (900 if p.has_returns else 0) for e, p in plan.items()})

    summary = demo.generate_assessments(context)

    answered = set(
        IndicatorValue.objects.filter(round=latest, index="return-index").values_list(
            "location__external_id", flat=True
        )
    )
    assert answered == set(plan)
    hosting = set(
        IndicatorValue.objects.filter(round=latest, index="displacement-index").values_list(
            "location__external_id", flat=True
        )
    )
    assert hosting == {e for e, p in plan.items() if p.hosts_idps}
    assert summary["estimated"] == "return-index@2"
    estimated = Methodology.objects.get(name="return-index", version=2)
    assert estimated.diagnostics["coefficients"]["blocked_returns"]["coef"] < 0
    of_return = {e for e, p in plan.items() if p.has_returns}
    for round in (older, latest):  # every location answers; only those of return are described
        described = IndexResult.objects.filter(round=round, methodology=estimated)
        assert set(described.values_list("location__external_id", flat=True)) == of_return
    mean = {
        r: np.mean(
            IndexResult.objects.filter(round=r, methodology=estimated).values_list(
                "score", flat=True
            )
        )
        for r in (older, latest)
    }
    assert mean[older] > mean[latest]  # conditions improved between the rounds


def test_the_demo_step_skips_when_there_is_no_round(geography):
    assert demo.generate_assessments(DemoContext(seed=1, scale="small"))["answers"] == 0
