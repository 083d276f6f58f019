"""Weight estimation recovers a known model from synthetic data."""

import numpy as np
import pandas as pd
import pytest

from masar.indices import engine

SEED = 20241231
N = 6000


def synthetic(methodology, beta, n=N, seed=SEED, intercept=None):
    rng = np.random.default_rng(seed)
    answers = pd.DataFrame(
        {i.code: rng.choice([o.code for o in i.options], n) for i in methodology.indicators}
    )
    s = engine.severities(methodology, answers)
    if intercept is None:
        intercept = -s.mean(axis=0) @ beta  # about half the locations have returns
    p = 1 / (1 + np.exp(-(intercept + s @ beta)))
    return answers, s, p, rng


def test_the_logit_recovers_the_signs_and_magnitudes_of_known_coefficients():
    """Known coefficients from -0.5 to -2.5 on severities in [0, 1], 6,000 locations.

    Tolerance: with answers spread uniformly over the options a severity has a standard
    deviation of about 0.35-0.5, so the standard error of each coefficient is about
    2 / (0.4 * sqrt(6000 * 0.25)) ≈ 0.13. Every estimate is required within 0.45 (about 3.5
    standard errors; with 16 coefficients the chance that any one misses is well under 1%, and
    the seed is fixed anyway) and within a factor of 2 of the truth — the same sign and order
    of magnitude, which is what the issue asks of the estimation.
    """
    methodology = engine.load_methodology("return-index")
    beta = -np.linspace(0.5, 2.5, len(methodology.indicators))
    answers, _, p, rng = synthetic(methodology, beta)
    has_returns = pd.Series((rng.random(N) < p).astype(int))

    estimation = engine.estimate_weights(methodology, answers, has_returns)

    coefs = estimation.diagnostics["coefficients"]
    for code, truth in zip(methodology.indicator_codes, beta, strict=True):
        estimate = coefs[code]["coef"]
        assert np.sign(estimate) == np.sign(truth)
        assert abs(estimate - truth) < 0.45
        assert 0.5 < estimate / truth < 2
    assert estimation.diagnostics["n"] == N
    assert estimation.diagnostics["warnings"] == []


def test_the_weights_follow_the_coefficients_within_each_scale_and_sum_to_one():
    methodology = engine.load_methodology("return-index")
    beta = -np.linspace(0.5, 2.5, len(methodology.indicators))
    answers, _, p, rng = synthetic(methodology, beta)
    estimation = engine.estimate_weights(
        methodology, answers, pd.Series((rng.random(N) < p).astype(int))
    )
    weights = estimation.diagnostics["weights"]
    for group in methodology.groups:
        values = [weights[i.code] for i in group.indicators]
        assert sum(values) == pytest.approx(1, abs=1e-5)
        # The weakest and strongest indicator of the scale keep their order.
        assert values[0] < values[-1]
    new = engine.parse_methodology(estimation.definition)
    assert new.version == 2
    assert new.definition["weighting"]["method"] == "estimated"
    assert new.definition["diagnostics"]["estimated_from"] == "return-index@1"


def test_the_fractional_model_recovers_known_coefficients_from_return_rates():
    """The return rate of each location is its true probability plus binomial noise of 200
    families, so the fractional logit's estimates sit close to the truth (same tolerance
    argument as the logit, with a smaller error since each row carries 200 trials)."""
    methodology = engine.load_methodology("displacement-index")
    beta = -np.linspace(0.5, 2.0, len(methodology.indicators))
    answers, _, p, rng = synthetic(methodology, beta, n=3000)
    rate = pd.Series(rng.binomial(200, p) / 200)

    estimation = engine.estimate_weights(methodology, answers, rate)

    assert estimation.diagnostics["model"] == "fractional"
    for code, truth in zip(methodology.indicator_codes, beta, strict=True):
        assert abs(estimation.diagnostics["coefficients"][code]["coef"] - truth) < 0.3


def test_an_indicator_that_favours_returns_when_severe_gets_no_weight_and_is_flagged():
    methodology = engine.load_methodology("return-index")
    beta = -np.linspace(0.5, 2.5, len(methodology.indicators))
    beta[0] = 1.5
    answers, _, p, rng = synthetic(methodology, beta)
    estimation = engine.estimate_weights(
        methodology, answers, pd.Series((rng.random(N) < p).astype(int))
    )
    assert estimation.diagnostics["weights"]["residential_destruction"] == 0
    assert any("residential_destruction" in w for w in estimation.diagnostics["warnings"])


def test_estimation_refuses_an_outcome_that_does_not_vary():
    methodology = engine.load_methodology("return-index")
    answers, *_ = synthetic(methodology, np.zeros(16), n=200)
    with pytest.raises(engine.EstimationError, match="does not vary"):
        engine.estimate_weights(methodology, answers, pd.Series(np.ones(200)))


def test_estimation_can_weigh_the_scales_too():
    methodology = engine.load_methodology("return-index")
    definition = dict(methodology.definition)
    definition["weighting"] = {"estimation": {"model": "logit", "estimate_group_weights": True}}
    methodology = engine.parse_methodology(definition)
    beta = np.r_[np.full(7, -0.4), np.full(9, -2.0)]
    answers, _, p, rng = synthetic(methodology, beta)
    estimation = engine.estimate_weights(
        methodology, answers, pd.Series((rng.random(N) < p).astype(int))
    )
    group_weights = estimation.diagnostics["group_weights"]
    assert group_weights["safety"] > group_weights["livelihoods"]
    assert estimation.definition["combination"]["weights"] == group_weights
