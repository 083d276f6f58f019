"""Scoring properties over random methodologies and answers (no database)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from masar.indices import engine


@st.composite
def methodologies(draw):
    groups, indicators = [], []
    for g in range(draw(st.integers(1, 4))):
        groups.append({"code": f"g{g}", "label": {"en": f"Group {g}"}})
        for k in range(draw(st.integers(1, 5))):
            codes = draw(st.lists(st.integers(-5, 20), min_size=2, max_size=6, unique=True))
            indicators.append(
                {
                    "code": f"i{g}_{k}",
                    "group": f"g{g}",
                    "options": [{"code": c, "en": str(c)} for c in codes],
                    "direction": draw(st.sampled_from(engine.DIRECTIONS)),
                    "weight": draw(st.floats(0.01, 10)),
                }
            )
    low = draw(st.floats(1, 60))
    return engine.parse_methodology(
        {
            "name": "random",
            "version": 1,
            "groups": groups,
            "indicators": indicators,
            "combination": {"weights": {g["code"]: draw(st.floats(0.01, 5)) for g in groups}},
            "categories": [
                {"code": "low", "below": low},
                {"code": "medium", "below": draw(st.floats(low + 0.5, 99))},
                {"code": "high"},
            ],
            "missing": {"max_missing_share": draw(st.sampled_from([0, 0.25, 0.5]))},
        }
    )


def answers_where(methodology, pick):
    return pd.DataFrame({i.code: [pick(i)] for i in methodology.indicators})


@given(methodologies())
def test_the_score_is_zero_when_every_answer_is_the_best_option(methodology):
    result = engine.compute_scores(methodology, answers_where(methodology, lambda i: i.best))
    assert result["score"].iloc[0] == 0
    assert result["category"].iloc[0] == "low"


@given(methodologies())
def test_the_score_is_a_hundred_when_every_answer_is_the_worst_option(methodology):
    result = engine.compute_scores(methodology, answers_where(methodology, lambda i: i.worst))
    assert result["score"].iloc[0] == 100
    assert result["category"].iloc[0] == "high"
    assert all(result[f"{g.code}_score"].iloc[0] == 100 for g in methodology.groups)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(methodologies(), st.data())
def test_a_score_never_decreases_when_one_answer_gets_worse(methodology, data):
    answers = answers_where(
        methodology, lambda i: data.draw(st.sampled_from([o.code for o in i.options]))
    )
    indicator = data.draw(st.sampled_from(methodology.indicators))
    current = indicator.severity(answers[indicator.code].iloc[0])
    worse = [o.code for o in indicator.options if indicator.severity(o.code) > current]
    if worse:
        changed = answers.copy()
        changed[indicator.code] = data.draw(st.sampled_from(worse))
        before = engine.compute_scores(methodology, answers).iloc[0]
        after = engine.compute_scores(methodology, changed).iloc[0]
        assert after["score"] >= before["score"]
        group = f"{indicator.group}_score"
        assert after[group] >= before[group]
    else:
        assert current == 1


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=40)
@given(methodologies(), st.data())
def test_results_are_identical_whatever_the_row_order(methodology, data):
    n = data.draw(st.integers(2, 30))
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    answers = pd.DataFrame(
        {
            i.code: rng.choice([o.code for o in i.options] + [np.nan], n)
            for i in methodology.indicators
        },
        index=[f"L{k}" for k in range(n)],
    )
    results = engine.compute_scores(methodology, answers)
    results["subdistrict"] = rng.choice(["A", "B", "C"], n)
    results["population"] = rng.integers(0, 5000, n)
    order = rng.permutation(n)
    shuffled = engine.compute_scores(methodology, answers.iloc[order])
    shuffled["subdistrict"] = results["subdistrict"].iloc[order]
    shuffled["population"] = results["population"].iloc[order]
    pd.testing.assert_frame_equal(shuffled.loc[results.index], results)
    pd.testing.assert_frame_equal(
        engine.find_hotspots(methodology, shuffled), engine.find_hotspots(methodology, results)
    )


def test_a_location_missing_too_many_answers_gets_no_score_and_is_listed():
    methodology = engine.load_methodology("return-index")
    answers = answers_where(methodology, lambda i: i.best)
    answers = pd.concat([answers, answers], ignore_index=True)
    for code in ["employment_access", "agriculture_recovery"]:
        answers.loc[1, code] = np.nan  # 2 of 7 livelihoods indicators: more than a quarter
    answers.loc[0, "employment_access"] = np.nan  # 1 of 7: still scored
    result = engine.compute_scores(methodology, answers)
    assert list(result["status"]) == [engine.SCORED, engine.INSUFFICIENT]
    assert result["score"].iloc[0] == 0
    assert np.isnan(result["score"].iloc[1])
    assert result["category"].iloc[1] == ""


def test_answers_that_are_not_option_codes_are_rejected_with_their_rows():
    methodology = engine.load_methodology("displacement-index")
    answers = answers_where(methodology, lambda i: i.best)
    answers["water_access"] = [7]
    with pytest.raises(engine.AnswerError, match=r"water_access=.7. is not one of"):
        engine.compute_scores(methodology, answers)


@given(methodologies(), st.data())
def test_one_locations_answers_are_checked_as_a_frame_of_them_would_be(methodology, data):
    answers = {
        i.code: float(data.draw(st.integers(-6, 21)))
        for i in methodology.indicators
        if data.draw(st.booleans())
    }
    try:
        engine.severities(methodology, pd.DataFrame({k: [v] for k, v in answers.items()}))
    except engine.AnswerError as frame_refusal:
        with pytest.raises(engine.AnswerError) as refusal:
            engine.check_answers(methodology, answers)
        assert refusal.value.problems == frame_refusal.problems
    else:
        engine.check_answers(methodology, answers)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.pop("name"), "name"),
        (lambda d: d.update(version=0), "version"),
        (lambda d: d["indicators"][0].update(group="nowhere"), "not declared"),
        (lambda d: d["indicators"][1].update(code=d["indicators"][0]["code"]), "duplicate"),
        (lambda d: d["indicators"][0].update(direction="sideways"), "direction"),
        (lambda d: d["indicators"][0].update(weight=-1), "at least 0"),
        (lambda d: d["categories"][0].update(below=90), "increase"),
    ],
)
def test_an_invalid_methodology_is_rejected_saying_where(change, message):
    definition = engine.read_definition(engine.shipped_path("return-index"))
    change(definition)
    with pytest.raises(engine.MethodologyError, match=message):
        engine.parse_methodology(definition)


def test_the_shipped_methodologies_have_the_published_shape():
    ri = engine.load_methodology("return-index")
    di = engine.load_methodology("displacement-index")
    assert [len(g.indicators) for g in ri.groups] == [7, 9]
    assert len(di.indicators) == 17 and len(di.groups) == 5
    assert all({o.code for o in i.options} == set(range(6)) for i in di.indicators)
    assert all(i.label.get("ar") and i.question.get("ar") for i in ri.indicators + di.indicators)
    assert ri.definition["approximation"] is True
    assert [c.code for c in ri.categories] == ["low", "medium", "high"]


def test_a_dumped_definition_loads_back_to_the_same_methodology():
    methodology = engine.load_methodology("return-index")
    again = engine.parse_methodology(
        engine.yaml.safe_load(engine.dump_definition(methodology.definition))
    )
    assert again == methodology
