"""Demo key-informant assessments, generated from a known model so estimation finds something true.

Every demo location gets Return Index answers (locations of return and, as the comparison group
for estimation, locations without returns) and every location hosting IDPs gets Displacement
Index answers. Results are computed only where each index's population lives.

Return Index answers follow a known logistic model: P(returns | answers) = logistic(a + Σ β·s)
with the severities s and the coefficients in TRUE_COEFFICIENTS. Whether a location has returns
is fixed by the geography plan, so answers are drawn *given* that outcome, by rejection: draw
answers from a prior (correlated through a location-level "conditions" factor), keep them with
the probability the model gives to the planned outcome. This is case-control sampling, which
leaves the logit slopes unchanged (only the intercept shifts), so `estimate_weights` on the
latest round recovers TRUE_COEFFICIENTS up to sampling error. The earlier round's answers are
the latest ones, a share moved one option worse (RETURN_EARLIER_WORSE for the Return Index).
Displacement Index answers are harder in the governorates in HARDER.

Spread of severity among locations of return, calibrated on IOM DTM Iraq's published findings:
"Return Index: Findings Round Fifteen (April 2022)", IOM DTM Iraq, found 453 of 2,165 locations
of return (21%) in high severity, hosting 12% of the returnees (581,112 individuals), with the
highest proportions in Salah al-Din (28%) and Diyala (15%); Rounds 3, 5, 6 and 8 (2019-2020)
report 11%. The model's coefficients and prior (below) put about a fifth of the locations of return
in high severity, and the answer sets drawn for the locations of return are then dealt out so
that harsher conditions go to smaller returnee populations and to RETURN_HARDER's governorates
(in the published rounds high-severity locations host fewer returnees than the others): about
10-12% of the returnees live in high-severity locations. Measured on the national demo (seed
2026, round 133) with bench/indices/return_index_spread.py: 393 of 2,010 locations of return
(19.6%) in high severity, hosting 10.9% of the returnees; 30% in Salah al-Din, 20% in Diyala,
the largest numbers in Ninewa and Salah al-Din (round 131: 12.1%). Dealing out changes which
location of return gets which answers, never the answers drawn, so the estimation stays exact.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from masar.core.demo import DemoContext, step

# Log-odds of having returns for a fully severe answer (0 = no effect). Published findings rank
# destruction, livelihoods, blocked returns and security concerns as the strongest obstacles.
# Moderate on purpose: returns still happen where conditions are hard (a fifth of the published
# locations of return are high severity), which much steeper slopes would all but rule out.
TRUE_COEFFICIENTS = {
    "residential_destruction": -0.8,
    "employment_access": -0.5,
    "agriculture_recovery": -0.6,
    "businesses_reopened": -0.3,
    "water_sufficiency": -0.25,
    "electricity_sufficiency": -0.2,
    "government_services": -0.15,
    "reconciliation_need": -0.4,
    "blocked_returns": -1.0,
    "violence_concern": -0.5,
    "tribal_tensions": -0.25,
    "daily_public_life": -0.35,
    "explosive_hazards": -0.55,
    "multiple_security_actors": -0.3,
    "checkpoints": -0.2,
    "illegal_occupation": -0.45,
}
TRUE_INTERCEPT = 2.2
# Where the Return Index's prior answers sit (log-odds of the position on the scale) and how much
# they follow the location's conditions factor; the Displacement Index keeps the defaults.
RETURN_PRIOR_OFFSET = 0.65
RETURN_PRIOR_LOADING = 1.0
# Governorates where conditions are harder on average (latent shift, in standard deviations).
HARDER = {"IQG15": 0.4, "IQG01": 0.2, "IQG13": 0.3, "IQG10": 0.2}
# Dealing out the Return Index answers among the locations of return: the published rounds find
# the highest shares of returnees in high severity in Salah al-Din and Diyala, the largest
# numbers in Ninewa and Salah al-Din; RETURN_SIZE_EFFECT is how much a smaller returnee population
# (per standard deviation of its logarithm) points to harsher conditions, against unit noise.
RETURN_HARDER = {"IQG16": 1.2, "IQG10": 0.7, "IQG15": 0.4}  # Salah al-Din, Diyala, Ninewa
RETURN_SIZE_EFFECT = 0.55
# Share of the Return Index answers one option worse in the earlier round: the published share of
# returnees in high severity moves by a point or two between rounds, not by half.
RETURN_EARLIER_WORSE = 0.05


def _prior_severities(
    methodology,
    latent: np.ndarray,
    rng: np.random.Generator,
    *,
    loading: float = 0.9,
    offset: float = -0.3,
) -> np.ndarray:
    """Draw answers' severity levels: worse conditions (higher latent) give worse answers."""
    n = len(latent)
    out = np.empty((n, len(methodology.indicators)))
    for k, indicator in enumerate(methodology.indicators):
        levels = len(indicator.options)
        position = 1 / (1 + np.exp(-(loading * latent + rng.normal(0, 1.1, n) + offset)))
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

    def prior(n: int) -> np.ndarray:
        return _prior_severities(
            methodology,
            rng.normal(0, 1, n),
            rng,
            loading=RETURN_PRIOR_LOADING,
            offset=RETURN_PRIOR_OFFSET,
        )

    for _ in range(500):
        if not len(pending):
            break
        candidate = prior(len(pending))
        p = 1 / (1 + np.exp(-(TRUE_INTERCEPT + candidate @ beta)))
        accepted = (rng.random(len(pending)) < p) == has_returns[pending]
        s[pending[accepted]] = candidate[accepted]
        pending = pending[~accepted]
    if len(pending):  # vanishingly rare; keep a last draw rather than loop forever
        s[pending] = prior(len(pending))
    return s


def deal_out(s: np.ndarray, hardship: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Reorder answer sets (rows of `s`) so that harsher ones go to the harder locations.

    `hardship`: one number per row, higher where conditions are expected to be worse; unit
    normal noise is added, so the match is a tendency, not a rule. The rows themselves are
    unchanged, only who gets which (so the answers' distribution, given the outcome, is kept).
    """
    if not len(s):
        return s
    mildest_first = s[np.argsort(s.mean(axis=1), kind="stable")]
    rank = np.argsort(np.argsort(hardship + rng.normal(0, 1, len(s)), kind="stable"))
    return mildest_first[rank]


def return_hardship(populations: np.ndarray, governorates: list[str]) -> np.ndarray:
    """Expected harshness of each location of return: smaller returnee populations and the
    governorates of RETURN_HARDER."""
    logs = np.log(np.maximum(populations.astype(float), 1.0))
    spread = logs.std() or 1.0
    size = (logs - logs.mean()) / spread
    return -RETURN_SIZE_EFFECT * size + np.array([RETURN_HARDER.get(g, 0.0) for g in governorates])


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
    latest = rounds[0]
    population = queries.get_population(latest, ri.population_type) or {}
    of_return = np.flatnonzero(has_returns)
    sizes = np.array([population.get(int(ids[k]), 0) for k in of_return])
    known = sizes[sizes > 0]
    sizes = np.where(sizes > 0, sizes, np.median(known) if len(known) else 1)
    hardship = return_hardship(sizes, [locations[k][2] for k in of_return])
    ri_levels[of_return] = deal_out(ri_levels[of_return], hardship, rng)
    di_levels = _prior_severities(di, rng.normal(shift[hosts], 1.0), rng)
    stored = 0
    for age, round in enumerate(rounds):
        if age:  # the earlier round saw somewhat harsher conditions than the latest
            ri_levels = worsen(ri, ri_levels, RETURN_EARLIER_WORSE, rng)
            di_levels = worsen(di, di_levels, 0.3, rng)
        for methodology, levels, where in ((ri, ri_levels, ids), (di, di_levels, ids[hosts])):
            answers = pd.DataFrame(
                _codes(methodology, levels), index=where, columns=methodology.indicator_codes
            )
            stored += actions.store_answers(
                round, methodology.name, answers, source=ValueSource.DEMO
            )
    summary = {"answers": stored, "rounds": len(rounds)}
    if any(population.values()):
        estimated = actions.estimate_methodology_weights("return-index", latest)
        summary["estimated"] = estimated.key
    for round in rounds:
        reports = actions.compute_indices(round)
        summary[f"results {round.end_date:%Y-%m}"] = sum(r.locations for r in reports)
        summary[f"hotspots {round.end_date:%Y-%m}"] = sum(r.hotspots for r in reports)
    return summary
