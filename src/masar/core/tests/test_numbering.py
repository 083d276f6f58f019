"""References: numbered per programme and year, continuing across the move of their counters;
random ones carry a check character that catches a typo."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from hypothesis import assume, given
from hypothesis import strategies as st

from masar.core.numbering import (
    ALPHABET,
    check_character,
    continue_numbers_after,
    next_case_number,
    random_reference,
)

pytestmark = pytest.mark.django_db

BEFORE_THE_MOVE = [("core", "0001_number_counters"), ("cases", "0002_list_order_and_search")]


def test_each_programme_and_year_counts_on_its_own():
    assert next_case_number("FVM", 2025) == "FVM-2025-000001"
    assert next_case_number("FVM", 2025) == "FVM-2025-000002"
    assert next_case_number("REF", 2025) == "REF-2025-000001"
    assert next_case_number("FVM", 2026) == "FVM-2026-000001"


def test_numbers_continue_after_records_loaded_with_their_numbers():
    continue_numbers_after("CFM", 2024, 1500)
    assert next_case_number("CFM", 2024) == "CFM-2024-001501"


@pytest.mark.django_db(transaction=True)
def test_numbers_continue_from_the_counters_cases_kept_before_the_move():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    old_apps = executor.loader.project_state(BEFORE_THE_MOVE).apps
    old_apps.get_model("cases", "CaseNumberCounter").objects.create(
        programme="FVM", year=2024, last=41
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert next_case_number("FVM", 2024) == "FVM-2024-000042"


alphabet = st.sampled_from(ALPHABET)


@given(st.text(alphabet=ALPHABET, min_size=7, max_size=7), st.integers(0, 6), alphabet)
def test_the_check_character_catches_any_single_wrong_character(code, where, other):
    assume(code[where] != other)
    typo = code[:where] + other + code[where + 1 :]
    assert check_character(typo) != check_character(code)


@given(st.text(alphabet=ALPHABET, min_size=7, max_size=7), st.integers(0, 5))
def test_the_check_character_catches_a_swap_of_two_neighbours(code, where):
    assume(code[where] != code[where + 1])
    assume({code[where], code[where + 1]} != {"0", "Z"})  # Luhn's one blind pair
    swapped = code[:where] + code[where + 1] + code[where] + code[where + 2 :]
    assert check_character(swapped) != check_character(code)


def test_zero_and_z_are_the_one_swap_the_check_character_misses():
    blind = {
        frozenset((a, b))
        for a in ALPHABET
        for b in ALPHABET
        if a != b and check_character(f"ABC{a}{b}DE") == check_character(f"ABC{b}{a}DE")
    }
    assert blind == {frozenset("0Z")}


def test_random_references_are_typable_and_carry_their_check_character():
    references = {random_reference("CFM", 2026) for _ in range(200)}
    assert len(references) == 200
    for reference in references:
        programme, year, first, second = reference.split("-")
        code = first + second
        assert (programme, year, len(first), len(second)) == ("CFM", "2026", 4, 4)
        assert set(code) <= set(ALPHABET)
        assert check_character(code[:-1]) == code[-1]
