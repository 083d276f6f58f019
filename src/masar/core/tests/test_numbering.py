"""References: numbered per programme and year, continuing across the move of their counters."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from masar.core.numbering import continue_numbers_after, next_case_number

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
