"""`--database-tests-only`: run only the tests that touch the database.

The suite runs twice, on SQLite and on PostgreSQL. A test that never opens the database (the
linkage model, the index engine, the Arabic normaliser) gives the same answer on both, so the
second pass leaves it out and spends its time on what the database can change.
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="deselect the tests that use no database (they ran in another pass)",
    )


def uses_database(item: pytest.Item) -> bool:
    """Whether pytest-django gives the test a database: through a fixture (`db`, `client`
    logins, `live_server`, the personas...) or the `django_db` mark."""
    fixtures = getattr(item, "fixturenames", ())
    return item.get_closest_marker("django_db") is not None or "django_db_setup" in fixtures


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--database-tests-only"):
        return
    kept = [item for item in items if uses_database(item)]
    config.hook.pytest_deselected(items=[item for item in items if not uses_database(item)])
    items[:] = kept
