"""Demo key-informant assessments, generated from a known model so estimation finds something true.

Every demo location gets Return Index answers (locations of return and, as the comparison group,
locations without returns) and every location hosting IDPs gets Displacement Index answers.

Return Index answers follow a known logistic model: P(returns | answers) = logistic(a + Σ β·s)
with the severities s and the coefficients in TRUE_COEFFICIENTS. Whether a location has returns
is fixed by the geography plan, so answers are drawn *given* that outcome, by rejection: draw
answers from a prior (correlated through a location-level "conditions" factor), keep them with
the probability the model gives to the planned outcome. This is case-control sampling, which
leaves the logit slopes unchanged (only the intercept shifts), so `estimate_weights` on the
latest round recovers TRUE_COEFFICIENTS up to sampling error. The earlier round's answers are
the latest ones, a share moved one option worse. Displacement Index answers are harder in the
governorates in HARDER.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from masar.core.demo import DemoContext, step

# Log-odds of having returns for a fully severe answer (0 = no effect). Published findings rank
# destruction, livelihoods, blocked returns and security concerns as the strongest obstacles.
TRUE_COEFFICIENTS = {
    "residential_destruction": -1.6,
    "employment_access": -1.0,
    "agriculture_recovery": -1.2,
    "businesses_reopened": -0.6,
    "water_sufficiency": -0.5,
    "electricity_sufficiency": -0.4,
    "government_services": -0.3,
    "reconciliation_need": -0.8,
    "blocked_returns": -2.0,
    "violence_concern": -1.0,
    "tribal_tensions": -0.5,
    "daily_public_life": -0.7,
    "explosive_hazards": -1.1,
    "multiple_security_actors": -0.6,
    "checkpoints": -0.4,
    "illegal_occupation": -0.9,
}
TRUE_INTERCEPT = 2.5
# Governorates where conditions are harder on average (latent shift, in standard deviations).
HARDER = {"IQG15": 0.4, "IQG01": 0.2, "IQG13": 0.3, "IQG10": 0.2}


def _prior_severities(methodology, latent: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Draw answers' severity levels: worse conditions (higher latent) give worse answers."""
    n = len(latent)
    out = np.empty((n, len(methodology.indicators)))
    for k, indicator in enumerate(methodology.indicators):
        levels = len(indicator.options)
        position = 1 / (1 + np.exp(-(0.9 * latent + rng.normal(0, 1.1, n) - 0.3)))
        out[:, k] = np.clip(np.floor(position * levels), 0, levels - 1) / (levels - 1)
    return out


def _codes(methodology, s: np.ndarray) -> np.ndarray:
    """Turn severity levels back into each indicator's option codes."""
    codes = np.empty_like(s)
    for k, indicator in enumerate(methodology.indicators):
        by_severity = sorted(indicator.options, key=lambda o: indicator.severity(o.code))
        levels = len(by_severity)
        index = np.rint(s[:, k] * (levels - 1)).astype(int)
        codes[:, k] = np.array([o.code for o in by_severity])[index]
    return codes


def draw_return_answers(
    methodology, has_returns: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Severity levels for each location, drawn given its planned outcome.

    The conditions factor is drawn afresh with every candidate: a factor fixed per location
    would act as an omitted confounder and bias the slopes toward zero.
    """
    beta = np.array([TRUE_COEFFICIENTS[c] for c in methodology.indicator_codes])
    s = np.full((len(has_returns), len(beta)), np.nan)
    pending = np.arange(len(has_returns))
    for _ in range(500):
        if not len(pending):
            break
        candidate = _prior_severities(methodology, rng.normal(0, 1, len(pending)), rng)
        p = 1 / (1 + np.exp(-(TRUE_INTERCEPT + candidate @ beta)))
        accepted = (rng.random(len(pending)) < p) == has_returns[pending]
        s[pending[accepted]] = candidate[accepted]
        pending = pending[~accepted]
    if len(pending):  # vanishingly rare; keep a last draw rather than loop forever
        s[pending] = _prior_severities(methodology, rng.normal(0, 1, len(pending)), rng)
    return s


def worsen(methodology, s: np.ndarray, share: float, rng: np.random.Generator) -> np.ndarray:
    """Move a share of the answers one option towards the worst (an earlier, harsher round)."""
    steps = np.array([1 / (len(i.options) - 1) for i in methodology.indicators])
    moved = rng.random(s.shape) < share
    return np.where(moved, np.minimum(s + steps, 1.0), s)


@step("indices.assessments", order=30, label="Severity index assessments")
def generate_assessments(context: DemoContext) -> dict:
    from masar.geo.demo import plan_locations
    from masar.geo.models import Location
    from masar.tracking.models import Round

    from . import actions, queries
    from .choices import ValueSource

    methodologies = {m.name: m.engine for m in actions.ensure_shipped_methodologies()}
    rounds = list(Round.objects.order_by("-end_date")[:2])
    if not rounds:
        return {"answers": 0, "note": "no tracking round to attach assessments to"}
    plan = {p.external_id: p for p in plan_locations(context)}
    locations = list(
        Location.objects.filter(external_id__in=list(plan)).values_list(
            "id", "external_id", "governorate__pcode"
        )
    )
    ids = np.array([loc for loc, _, _ in locations])
    has_returns = np.array([plan[ext].has_returns for _, ext, _ in locations])
    hosts = np.array([plan[ext].hosts_idps for _, ext, _ in locations])
    shift = np.array([HARDER.get(gov, 0.0) for _, _, gov in locations])
    rng = np.random.default_rng(context.rng("indices.assessments").getrandbits(64))
    ri, di = methodologies["return-index"], methodologies["displacement-index"]
    ri_levels = draw_return_answers(ri, has_returns, rng)
    di_levels = _prior_severities(di, rng.normal(shift[hosts], 1.0), rng)
    stored = 0
    for age, round in enumerate(rounds):
        if age:  # the earlier round saw somewhat harsher conditions than the latest
            ri_levels, di_levels = worsen(ri, ri_levels, 0.3, rng), worsen(di, di_levels, 0.3, rng)
        for methodology, levels, where in ((ri, ri_levels, ids), (di, di_levels, ids[hosts])):
            answers = pd.DataFrame(
                _codes(methodology, levels), index=where, columns=methodology.indicator_codes
            )
            stored += actions.store_answers(
                round, methodology.name, answers, source=ValueSource.DEMO
            )
    summary = {"answers": stored, "rounds": len(rounds)}
    latest = rounds[0]
    population = queries.get_population(latest, "returnee")
    if population is not None and any(population.values()):
        estimated = actions.estimate_methodology_weights("return-index", latest)
        summary["estimated"] = estimated.key
    for round in rounds:
        reports = actions.compute_indices(round)
        summary[f"results {round.end_date:%Y-%m}"] = sum(r.locations for r in reports)
        summary[f"hotspots {round.end_date:%Y-%m}"] = sum(r.hotspots for r in reports)
    return summary
