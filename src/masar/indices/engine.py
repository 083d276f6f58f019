"""The index engine: methodologies as data, vectorised scoring, hotspots and weight estimation.

Pure Python over numpy/pandas (no Django models), so the database commands and the standalone
file commands (`compute_index`, `estimate_weights`) run the very same code.

Scoring. Each answer is an option code; its *severity* is the code's position between the best
and the worst code of the indicator, in [0, 1] (direction says which end is worse). A group's
(scale's or domain's) score is 100 × the weighted mean severity of its answered indicators; the
overall score is the weighted mean of the group scores. So the score is 0 when every answer is
the best option, 100 when every answer is the worst, and never decreases when one answer gets
worse (weights are non-negative).

Missing answers. Within a group, the weighted mean runs over the answered indicators only. A
group with more than `missing.max_missing_share` of its indicators unanswered gets no score; a
location with any group unscored gets no overall score and no category, and is reported with the
status "insufficient" (listed, never silently dropped).

Scope. An index describes the locations where its population lives (`population_type`: the
Return Index describes locations of return, the Displacement Index locations hosting IDPs). With
population figures, only the locations with more than zero of that population get a result,
a category and a place in a hotspot (`in_scope`); the others may still serve estimation as the
comparison group. Without figures every answered location is scored.
"""

from __future__ import annotations

import copy
import math
import warnings as warnings_module
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

SHIPPED = Path(__file__).parent / "methodologies"
DIRECTIONS = ("higher_is_worse", "higher_is_better")
SCORED = "scored"
INSUFFICIENT = "insufficient"
# Scores are rounded so that stored and recomputed results compare exactly.
DECIMALS = 4


class MethodologyError(ValueError):
    """The methodology definition is invalid; the message says where."""


class AnswerError(ValueError):
    """Some answers are not option codes of their indicator; `problems` lists them."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        super().__init__("; ".join(problems[:10]) + more)


class EstimationError(ValueError):
    """The regression could not be fitted on these data (too few rows, no variation...)."""


@dataclass(frozen=True)
class Option:
    code: float
    label: dict[str, str]


@dataclass(frozen=True)
class Indicator:
    code: str
    group: str
    label: dict[str, str]
    question: dict[str, str]
    options: tuple[Option, ...]
    direction: str
    weight: float

    @property
    def best(self) -> float:
        codes = [o.code for o in self.options]
        return min(codes) if self.direction == "higher_is_worse" else max(codes)

    @property
    def worst(self) -> float:
        codes = [o.code for o in self.options]
        return max(codes) if self.direction == "higher_is_worse" else min(codes)

    def severity(self, code: float) -> float:
        return (code - self.best) / (self.worst - self.best)


@dataclass(frozen=True)
class Group:
    code: str
    label: dict[str, str]
    weight: float
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Category:
    code: str
    label: dict[str, str]
    below: float | None  # None for the last (most severe) category


@dataclass(frozen=True)
class Methodology:
    name: str
    version: int
    kind: str
    population_type: str
    groups: tuple[Group, ...]
    categories: tuple[Category, ...]
    max_missing_share: float
    population_threshold: float
    very_high_from: float | None
    definition: dict = field(repr=False, compare=False, hash=False)

    @property
    def key(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for g in self.groups for i in g.indicators)

    @property
    def indicator_codes(self) -> list[str]:
        return [i.code for i in self.indicators]

    @property
    def title(self) -> dict[str, str]:
        return self.definition.get("title", {"en": self.name})

    @property
    def estimation_spec(self) -> dict:
        return self.definition.get("weighting", {}).get("estimation", {}) or {}

    def category_of(self, score: float | None) -> str:
        if score is None or (isinstance(score, float) and math.isnan(score)):
            return ""
        return str(categorise(self, np.array([score]))[0])


# --------------------------------------------------------------------------- loading


def shipped_path(name: str) -> Path:
    return SHIPPED / f"{name}.yaml"


def shipped_names() -> list[str]:
    return sorted(p.stem for p in SHIPPED.glob("*.yaml"))


def read_definition(source: str | Path) -> dict:
    """Read a YAML/JSON methodology file; a bare name means a shipped methodology."""
    path = Path(source)
    if not path.exists() and not path.suffix and shipped_path(str(source)).exists():
        path = shipped_path(str(source))
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except OSError as exc:
        raise MethodologyError(f"cannot read {source}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise MethodologyError(f"{source} is not valid YAML/JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise MethodologyError(f"{source}: a methodology is a mapping at the top level")
    return data


def load_methodology(source: str | Path | Mapping) -> Methodology:
    """Load and validate a methodology from a file path, a shipped name or a definition dict."""
    definition = dict(source) if isinstance(source, Mapping) else read_definition(source)
    return parse_methodology(definition)


def _labels(value: Any, where: str) -> dict[str, str]:
    if isinstance(value, str):
        return {"en": value}
    if not isinstance(value, Mapping) or not value.get("en"):
        raise MethodologyError(f"{where}: labels need at least an English text ('en')")
    return {str(k): str(v) for k, v in value.items()}


def _number(value: Any, where: str, *, minimum: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise MethodologyError(f"{where}: expected a number, got {value!r}")
    if minimum is not None and value < minimum:
        raise MethodologyError(f"{where}: must be at least {minimum}, got {value}")
    return float(value)


def parse_methodology(definition: dict) -> Methodology:
    """Validate a definition and build the typed methodology; raise MethodologyError."""
    definition = copy.deepcopy(definition)
    name = definition.get("name")
    if not isinstance(name, str) or not name.strip():
        raise MethodologyError("name: required")
    version = definition.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise MethodologyError("version: a positive whole number is required")
    option_sets = definition.get("option_sets") or {}
    groups_spec = definition.get("groups") or []
    if not groups_spec:
        raise MethodologyError("groups: at least one scale or domain is required")
    group_codes = [g.get("code") for g in groups_spec]
    if len(set(group_codes)) != len(group_codes) or not all(group_codes):
        raise MethodologyError("groups: each needs a distinct code")
    by_group: dict[str, list[Indicator]] = {code: [] for code in group_codes}
    seen: set[str] = set()
    for n, spec in enumerate(definition.get("indicators") or []):
        where = f"indicators[{n}]"
        code = spec.get("code")
        if not isinstance(code, str) or not code.isidentifier():
            raise MethodologyError(f"{where}: code must be an identifier (letters, digits, _)")
        where = f"indicator {code}"
        if code in seen:
            raise MethodologyError(f"{where}: duplicate code")
        seen.add(code)
        if spec.get("group") not in by_group:
            raise MethodologyError(f"{where}: group {spec.get('group')!r} is not declared")
        options_spec = spec.get("options")
        if isinstance(options_spec, str):
            if options_spec not in option_sets:
                raise MethodologyError(f"{where}: option set {options_spec!r} is not declared")
            options_spec = option_sets[options_spec]
        if not isinstance(options_spec, list) or len(options_spec) < 2:
            raise MethodologyError(f"{where}: needs at least two answer options")
        options = tuple(
            Option(
                _number(o.get("code"), f"{where} option {k}"),
                _labels({key: v for key, v in o.items() if key != "code"}, f"{where} option {k}"),
            )
            for k, o in enumerate(options_spec)
        )
        if len({o.code for o in options}) != len(options):
            raise MethodologyError(f"{where}: option codes must be distinct")
        direction = spec.get("direction", "higher_is_worse")
        if direction not in DIRECTIONS:
            raise MethodologyError(f"{where}: direction must be one of {', '.join(DIRECTIONS)}")
        by_group[spec["group"]].append(
            Indicator(
                code=code,
                group=spec["group"],
                label=_labels(spec.get("label", code), where),
                question=_labels(spec.get("question", spec.get("label", code)), where),
                options=options,
                direction=direction,
                weight=_number(spec.get("weight", 1), f"{where} weight", minimum=0),
            )
        )
    combination = definition.get("combination") or {}
    if combination.get("method", "weighted_mean") != "weighted_mean":
        raise MethodologyError("combination.method: only weighted_mean is supported")
    group_weights = combination.get("weights") or {}
    groups = []
    for spec in groups_spec:
        code = spec["code"]
        indicators = tuple(by_group[code])
        if not indicators:
            raise MethodologyError(f"group {code}: has no indicators")
        if sum(i.weight for i in indicators) <= 0:
            raise MethodologyError(f"group {code}: indicator weights sum to zero")
        weight = _number(group_weights.get(code, 1), f"combination.weights.{code}", minimum=0)
        groups.append(
            Group(code, _labels(spec.get("label", code), f"group {code}"), weight, indicators)
        )
    if sum(g.weight for g in groups) <= 0:
        raise MethodologyError("combination.weights: sum to zero")
    categories = _parse_categories(definition.get("categories"))
    missing = (definition.get("missing") or {}).get("max_missing_share", 0.25)
    missing = _number(missing, "missing.max_missing_share", minimum=0)
    if missing >= 1:
        raise MethodologyError("missing.max_missing_share: must be below 1")
    hotspots = definition.get("hotspots") or {}
    threshold = _number(
        hotspots.get("population_threshold", 0), "hotspots.population_threshold", minimum=0
    )
    very_high = definition.get("very_high_from")
    return Methodology(
        name=name.strip(),
        version=version,
        kind=str(definition.get("kind", "")),
        population_type=str(definition.get("population_type", "")),
        groups=tuple(groups),
        categories=categories,
        max_missing_share=missing,
        population_threshold=threshold,
        very_high_from=None if very_high is None else _number(very_high, "very_high_from"),
        definition=definition,
    )


def _parse_categories(spec: Any) -> tuple[Category, ...]:
    if not isinstance(spec, list) or len(spec) < 2:
        raise MethodologyError("categories: at least two, least severe first")
    categories = []
    previous = -math.inf
    for n, item in enumerate(spec):
        last = n == len(spec) - 1
        below = item.get("below")
        if last:
            if below is not None:
                raise MethodologyError("categories: the last (most severe) category has no 'below'")
        else:
            below = _number(below, f"categories[{n}].below")
            if not previous < below <= 100:
                raise MethodologyError("categories: 'below' thresholds must increase within 0-100")
            previous = below
        categories.append(
            Category(
                str(item.get("code")),
                _labels(item.get("label", item.get("code")), f"categories[{n}]"),
                below,
            )
        )
    return tuple(categories)


def dump_definition(definition: dict) -> str:
    """Serialise a definition as YAML, in the format `load_methodology` reads."""
    return yaml.safe_dump(definition, allow_unicode=True, sort_keys=False, width=100)


# --------------------------------------------------------------------------- scoring


def _not_an_option(row: object, code: str, raw: object, valid_codes) -> str:
    return (
        f"row {row}: {code}={str(raw)!r} is not one of {', '.join(f'{c:g}' for c in valid_codes)}"
    )


def check_answers(methodology: Methodology, answers: Mapping[str, float]) -> None:
    """Reject answers that are not option codes of their indicator, for one location.

    The same check as `severities` makes on a frame, without building one: one location's
    answers arrive from every key-informant form and collected submission, and a one-row frame
    costs more than the rest of storing them."""
    indicators = {i.code: i for i in methodology.indicators}
    problems: list[str] = []
    for code, value in answers.items():
        valid_codes = [o.code for o in indicators[code].options]
        if value not in valid_codes:
            problems.append(_not_an_option(0, code, value, valid_codes))
    if problems:
        raise AnswerError(problems)


def severities(methodology: Methodology, answers: pd.DataFrame) -> np.ndarray:
    """Return the N×K severity matrix in [0, 1] (NaN where unanswered); reject unknown codes."""
    n = len(answers)
    out = np.full((n, len(methodology.indicators)), np.nan)
    problems: list[str] = []
    for k, indicator in enumerate(methodology.indicators):
        if indicator.code not in answers.columns:
            continue
        raw = answers[indicator.code]
        unparsable = np.zeros(n, dtype=bool)
        if pd.api.types.is_numeric_dtype(raw):
            values = raw.to_numpy(dtype=float)
        else:  # text from a file: blank is unanswered, anything else must be a number
            values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
            candidates = np.isnan(values) & raw.notna().to_numpy()
            if candidates.any():
                unparsable[candidates] = raw[candidates].astype(str).str.strip().ne("").to_numpy()
        valid_codes = np.array([o.code for o in indicator.options])
        answered = ~np.isnan(values)
        invalid = unparsable | (answered & ~np.isin(values, valid_codes))
        for row in np.flatnonzero(invalid)[:20]:
            problems.append(
                _not_an_option(answers.index[row], indicator.code, raw.iloc[row], valid_codes)
            )
        out[:, k] = (values - indicator.best) / (indicator.worst - indicator.best)
    if problems:
        raise AnswerError(problems)
    return out


def in_scope(methodology: Methodology, population: pd.Series | None) -> pd.Series | None:
    """Which locations the methodology describes: those with more than zero of its population.

    `population` gives individuals per location; a blank is unknown and stays in scope (a file
    exported without figures), so the caller fills in zero where the figures are known to have
    none. Returns a boolean series on the same index, or None when every location is in scope
    (no figures, or a methodology that names no population type).
    """
    if population is None or not methodology.population_type:
        return None
    return ~(pd.to_numeric(population, errors="coerce") <= 0)


def compute_scores(
    methodology: Methodology, answers: pd.DataFrame, population: pd.Series | None = None
) -> pd.DataFrame:
    """Score every row of `answers` (one column per indicator code, any index).

    Returns a frame on the same index with one `<group>_score` column per group, `score`,
    `category`, `very_high`, `answered`, `status` and, when given, `population`.
    """
    s = severities(methodology, answers)
    return scores_from_severities(methodology, s, answers.index, population)


def scores_from_severities(
    methodology: Methodology,
    s: np.ndarray,
    index: pd.Index,
    population: pd.Series | None = None,
) -> pd.DataFrame:
    answered = ~np.isnan(s)
    filled = np.where(answered, s, 0.0)
    weights = np.array([i.weight for i in methodology.indicators])
    result = pd.DataFrame(index=index)
    overall_num = np.zeros(len(index))
    overall_ok = np.ones(len(index), dtype=bool)
    start = 0
    total_group_weight = 0.0
    for group in methodology.groups:
        cols = slice(start, start + len(group.indicators))
        start += len(group.indicators)
        w = weights[cols]
        num = filled[:, cols] @ w
        den = answered[:, cols] @ w
        missing_share = 1 - answered[:, cols].sum(axis=1) / len(group.indicators)
        ok = (missing_share <= methodology.max_missing_share + 1e-12) & (den > 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            score = np.where(ok, np.round(100 * num / np.where(den > 0, den, 1), DECIMALS), np.nan)
        result[f"{group.code}_score"] = score
        overall_num += np.where(ok, score, 0) * group.weight
        overall_ok &= ok
        total_group_weight += group.weight
    overall = np.where(overall_ok, np.round(overall_num / total_group_weight, DECIMALS), np.nan)
    result["score"] = overall
    result["category"] = categorise(methodology, overall)
    threshold = methodology.very_high_from
    result["very_high"] = (overall >= threshold) if threshold is not None else False
    result["answered"] = answered.sum(axis=1)
    result["status"] = np.where(overall_ok, SCORED, INSUFFICIENT)
    if population is not None:
        result["population"] = population.reindex(index).to_numpy()
    return result


def categorise(methodology: Methodology, scores: np.ndarray) -> np.ndarray:
    """Map scores to category codes ("" where there is no score)."""
    scores = np.asarray(scores, dtype=float)
    conditions = [scores < c.below for c in methodology.categories[:-1]]
    conditions.append(~np.isnan(scores))
    return np.select(conditions, [c.code for c in methodology.categories], default="")


def find_hotspots(methodology: Methodology, results: pd.DataFrame) -> pd.DataFrame:
    """Aggregate scored locations by `subdistrict` and apply the hotspot rule.

    A subdistrict's group scores are the population-weighted means of its locations' (plain
    means when no location has a population). It is a hotspot when a group is in the most severe
    category, or when a group is in the next one and its population reaches the threshold.
    Returns one row per subdistrict: group scores, population, locations, hotspot, reason.
    """
    group_cols = [f"{g.code}_score" for g in methodology.groups]
    scored = results[results["status"] == SCORED]
    if "subdistrict" not in scored.columns or scored.empty:
        return pd.DataFrame(
            columns=["subdistrict", *group_cols, "population", "locations", "hotspot", "reason"]
        )
    population = (
        scored["population"].fillna(0).astype(float)
        if "population" in scored.columns
        else pd.Series(0.0, index=scored.index)
    )
    frame = scored[["subdistrict", *group_cols]].copy()
    frame["_pop"] = population
    frame["_w"] = population
    totals = frame.groupby("subdistrict", sort=True)["_pop"].sum()
    # Subdistricts with no recorded population weigh their locations equally.
    frame.loc[frame["subdistrict"].map(totals).to_numpy() == 0, "_w"] = 1.0
    weighted = frame[group_cols].multiply(frame["_w"], axis=0)
    weighted["_w"] = frame["_w"]
    weighted["subdistrict"] = frame["subdistrict"]
    sums = weighted.groupby("subdistrict", sort=True).sum()
    out = pd.DataFrame(index=sums.index)
    for col in group_cols:
        out[col] = np.round(sums[col] / sums["_w"], DECIMALS)
    out["population"] = totals
    out["locations"] = frame.groupby("subdistrict", sort=True).size()
    most, next_most = methodology.categories[-1].code, methodology.categories[-2].code
    cats = {col: categorise(methodology, out[col].to_numpy()) for col in group_cols}
    any_high = np.zeros(len(out), dtype=bool)
    any_medium = np.zeros(len(out), dtype=bool)
    for col in group_cols:
        any_high |= cats[col] == most
        any_medium |= cats[col] == next_most
    large = out["population"].to_numpy() >= methodology.population_threshold
    out["hotspot"] = any_high | (any_medium & large)
    out["reason"] = np.select(
        [any_high, any_medium & large],
        ["high_on_scale", "medium_large_population"],
        "",
    )
    return out.reset_index()


# --------------------------------------------------------------------------- estimation


@dataclass
class Estimation:
    definition: dict  # the new version, weights filled in
    diagnostics: dict


def estimate_weights(
    methodology: Methodology,
    answers: pd.DataFrame,
    outcome: pd.Series,
    *,
    model: str | None = None,
    new_version: int | None = None,
) -> Estimation:
    """Fit the regression of the outcome on indicator severities and derive weights from it.

    `model`: "logit" (outcome 0/1, e.g. whether a location has returns) or "fractional" (a
    share in [0, 1], e.g. the return rate, fitted as a binomial GLM with a logit link and robust
    standard errors, Papke and Wooldridge 1996); by default the methodology's model for a 0/1
    outcome and the fractional model for shares. Rows with a missing answer or outcome are left
    out and counted.

    A coefficient says how a fully severe answer changes the log-odds of the outcome; as the
    outcome is favourable (returns), an indicator's weight is its negative coefficient, floored
    at 0 (an indicator that seems to *favour* returns when severe gets no weight and is flagged),
    and normalised to sum 1 within its group. With `estimation.estimate_group_weights`, a second
    logit of the outcome on the group scores gives the group weights the same way.
    """
    import statsmodels.api as sm

    spec = methodology.estimation_spec
    s = severities(methodology, answers)
    y = pd.to_numeric(outcome.reindex(answers.index), errors="coerce").to_numpy(dtype=float)
    complete = ~np.isnan(s).any(axis=1) & ~np.isnan(y)
    X, y_fit = s[complete], y[complete]
    codes = methodology.indicator_codes
    if len(y_fit) < len(codes) + 10:
        raise EstimationError(
            f"only {len(y_fit)} complete rows for {len(codes)} indicators: too few to estimate"
        )
    if ((y_fit < 0) | (y_fit > 1)).any():
        raise EstimationError("the outcome must lie between 0 and 1 (a 0/1 flag or a share)")
    binary = bool(np.isin(y_fit, (0, 1)).all())
    model = model or (spec.get("model", "logit") if binary else "fractional")
    if model == "logit" and not binary:
        raise EstimationError("a logit needs a 0/1 outcome; use the fractional model for shares")
    if model not in ("logit", "fractional"):
        raise EstimationError(f"unknown model {model!r} (logit or fractional)")
    if y_fit.min() == y_fit.max():
        raise EstimationError("the outcome does not vary: nothing to estimate")
    constant = X.std(axis=0) == 0
    usable = [k for k in range(len(codes)) if not constant[k]]
    exog = sm.add_constant(X[:, usable], has_constant="add")
    try:
        with warnings_module.catch_warnings(record=True) as caught:
            warnings_module.simplefilter("always")
            if model == "logit":
                fit = sm.Logit(y_fit, exog).fit(disp=0, maxiter=200)
                converged = bool(fit.mle_retvals.get("converged", True))
                pseudo_r2 = float(fit.prsquared)
            else:
                fit = sm.GLM(y_fit, exog, family=sm.families.Binomial()).fit(cov_type="HC0")
                converged = bool(getattr(fit, "converged", True))
                pseudo_r2 = float(1 - fit.deviance / fit.null_deviance)
    except (np.linalg.LinAlgError, ValueError, OverflowError) as exc:
        raise EstimationError(f"the model could not be fitted: {exc}") from exc
    fit_warnings = sorted({f"{w.category.__name__}: {w.message}" for w in caught})
    params = np.asarray(fit.params)
    bse = np.asarray(fit.bse)
    pvalues = np.asarray(fit.pvalues)
    coefficients: dict[str, dict] = {
        "const": {"coef": float(params[0]), "se": float(bse[0]), "p": float(pvalues[0])}
    }
    raw = np.zeros(len(codes))
    warnings: list[str] = list(fit_warnings)
    for j, k in enumerate(usable, start=1):
        coefficients[codes[k]] = {
            "coef": float(params[j]),
            "se": float(bse[j]),
            "p": float(pvalues[j]),
        }
        raw[k] = max(-params[j], 0.0)
        if params[j] > 0:
            warnings.append(f"{codes[k]}: severity goes with a more favourable outcome; weight 0")
    for k in np.flatnonzero(constant):
        warnings.append(f"{codes[k]}: no variation in the data; weight 0")
    definition = copy.deepcopy(methodology.definition)
    weights: dict[str, float] = {}
    start = 0
    for group in methodology.groups:
        block = raw[start : start + len(group.indicators)]
        if block.sum() <= 0:
            warnings.append(f"group {group.code}: no indicator has a usable weight; equal weights")
            block = np.ones(len(group.indicators))
        for indicator, value in zip(group.indicators, block / block.sum(), strict=True):
            weights[indicator.code] = round(float(value), 6)
        start += len(group.indicators)
    for spec_item in definition["indicators"]:
        spec_item["weight"] = weights[spec_item["code"]]
    group_weights = None
    if spec.get("estimate_group_weights") and len(methodology.groups) > 1:
        interim = parse_methodology({**definition, "version": methodology.version})
        scores = scores_from_severities(interim, X, pd.RangeIndex(len(X)))
        cols = [f"{g.code}_score" for g in methodology.groups]
        exog2 = sm.add_constant(scores[cols].to_numpy() / 100, has_constant="add")
        fit2 = (
            sm.Logit(y_fit, exog2).fit(disp=0)
            if model == "logit"
            else sm.GLM(y_fit, exog2, family=sm.families.Binomial()).fit(cov_type="HC0")
        )
        gw = np.maximum(-np.asarray(fit2.params)[1:], 0)
        if gw.sum() > 0:
            group_weights = {
                g.code: round(float(w), 6)
                for g, w in zip(methodology.groups, gw / gw.sum(), strict=True)
            }
        else:
            warnings.append("group weights: no usable estimate; kept the previous ones")
    if group_weights:
        definition.setdefault("combination", {})["weights"] = group_weights
    diagnostics = {
        "model": model,
        "outcome_share": round(float(y_fit.mean()), 6),
        "n": len(y_fit),
        "n_dropped": int((~complete).sum()),
        "converged": converged,
        "log_likelihood": float(fit.llf),
        "aic": float(fit.aic),
        "pseudo_r2": round(pseudo_r2, 6),
        "coefficients": coefficients,
        "weights": weights,
        "group_weights": group_weights,
        "warnings": warnings,
        "estimated_from": methodology.key,
    }
    definition["version"] = new_version or methodology.version + 1
    weighting = definition.setdefault("weighting", {})
    weighting["method"] = "estimated"
    definition["diagnostics"] = diagnostics
    return Estimation(definition=definition, diagnostics=diagnostics)


# --------------------------------------------------------------------------- files


def read_table(path: str | Path) -> pd.DataFrame:
    """Read an indicators CSV or XLSX as strings, skipping an HXL hashtag row if present."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xls"):
        frame = pd.read_excel(path, dtype=str)
    else:
        frame = pd.read_csv(
            path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig"
        )
    if len(frame) and frame.iloc[0].astype(str).str.startswith("#").sum() >= max(
        1, frame.shape[1] // 2
    ):
        frame = frame.iloc[1:]
    return frame.reset_index(drop=True)
