"""The mapping from PRM answers to the IASC criteria and IRIS's composite measure."""

import pytest

from masar.cases.durability import PRM_QUESTIONS, assess_criteria, iris_composite, overall_category

ALL_GOOD = {q.code: q.positive for q in PRM_QUESTIONS}


def worse(code):
    question = next(q for q in PRM_QUESTIONS if q.code == code)
    return {**ALL_GOOD, code: "no" if question.positive == "yes" else "yes"}


def test_all_positive_answers_meet_every_criterion_and_are_durable():
    criteria = assess_criteria(ALL_GOOD)
    assert set(criteria.values()) == {"met"}
    assert len(criteria) == 8
    assert overall_category(criteria) == "durable"
    assert iris_composite(ALL_GOOD)[0] == "met"


def test_a_missing_answer_leaves_its_criterion_unknown_and_the_case_at_risk():
    answers = {**ALL_GOOD}
    del answers["justice_access"]
    criteria = assess_criteria(answers)
    assert criteria["remedies"] == "unknown"
    assert overall_category(criteria) == "at_risk"
    # Remedies is not one of IRIS's five criteria: the composite still passes.
    assert iris_composite(answers)[0] == "met"


def test_unsafe_is_not_durable_even_when_everything_else_is_met():
    criteria = assess_criteria(worse("security_incident"))
    assert criteria["safety"] == "not_met"
    assert overall_category(criteria) == "not_durable"


def test_three_unmet_criteria_are_not_durable_two_are_at_risk():
    two = {**worse("members_separated"), "public_participation": "no"}
    assert overall_category(assess_criteria(two)) == "at_risk"
    three = {**two, "justice_access": "no"}
    assert overall_category(assess_criteria(three)) == "not_durable"


def test_iris_composite_is_not_determined_with_missing_data_but_fails_on_any_failure():
    answers = {**ALL_GOOD}
    del answers["enough_food"]
    assert iris_composite(answers)[0] == "not_determined"
    answers["debt_rising"] = "yes"
    result, detail = iris_composite(answers)
    assert result == "not_met"
    assert detail["debt_rising"] is False and detail["enough_food"] is None


@pytest.mark.parametrize("value", ["", "maybe", None])
def test_answers_other_than_yes_or_no_count_as_missing(value):
    answers = {**ALL_GOOD, "feels_safe": value}
    assert assess_criteria(answers)["safety"] == "unknown"
