"""What the monthly analysis tells those who may not see the tickets behind it: nothing about
sensitive tickets, and small counts suppressed below national scope."""

from datetime import date, datetime

import pytest
import time_machine

from masar.cases.tests.factories import register
from masar.feedback import queries
from masar.lib.dates import BAGHDAD
from masar.lib.disclosure import Suppressed

from .test_tickets import new_ticket

pytestmark = pytest.mark.django_db

MONTH = date(2026, 12, 1)
RECEIVED = datetime(2026, 12, 3, 10, tzinfo=BAGHDAD)


@pytest.fixture
def december(personas):
    """A Ninewa household's 3 information tickets, 6 suggestions and 7 service complaints, and
    3 sensitive tickets in the country."""
    household = register(personas["case_worker"])
    for ticket_type, count in (("information", 3), ("suggestion", 6), ("service_complaint", 7)):
        for _ in range(count):
            new_ticket(
                personas["cfm_officer"], type=ticket_type, household=household, received_at=RECEIVED
            )
    for _ in range(3):
        new_ticket(personas["psea"], sensitivity="sea", received_at=RECEIVED)


def _by_type(result) -> dict:
    return {key: n for key, _label, n in result["by_type"]}


@time_machine.travel(datetime(2026, 12, 20, 12, tzinfo=BAGHDAD), tick=False)
def test_a_case_worker_learns_nothing_of_sensitive_tickets_and_sees_small_cells_suppressed(
    december, personas, client
):
    client.force_login(personas["case_worker"])  # Ninewa only, sees no sensitive ticket

    page = client.get("/feedback/analysis/", {"month": "2026-12"})
    export = client.get("/feedback/analysis/", {"month": "2026-12", "format": "csv"})

    result = page.context["result"]
    assert result["sensitive_total"] is None
    assert all(m["sensitive"] is None for m in result["trend"])
    assert b"sensitive-total" not in page.content and b"Sensitive" not in page.content
    assert b"sensitive" not in export.content
    # The cell of 3 is suppressed, and the smallest other with it: the total gives neither.
    assert _by_type(result) == {
        "information": Suppressed(5),
        "suggestion": Suppressed(5, primary=False),
        "service_complaint": 7,
    }
    assert result["total"] == 16
    assert b"&lt;5" in page.content and b"suppression-note" in page.content
    rows = export.content.decode("utf-8-sig").splitlines()
    assert "type,information,<5" in rows and "type,suggestion,x" in rows


@time_machine.travel(datetime(2026, 12, 20, 12, tzinfo=BAGHDAD), tick=False)
def test_a_cfm_officer_sees_exact_figures_but_no_sensitive_count(december, personas, client):
    client.force_login(personas["cfm_officer"])  # country-wide

    result = client.get("/feedback/analysis/", {"month": "2026-12"}).context["result"]

    assert _by_type(result) == {"information": 3, "suggestion": 6, "service_complaint": 7}
    assert result["sensitive_total"] is None and not result["suppressed"]


@time_machine.travel(datetime(2026, 12, 20, 12, tzinfo=BAGHDAD), tick=False)
def test_a_psea_focal_point_counts_sensitive_tickets_exactly(december, personas):
    result = queries.monthly_analysis(personas["psea"], MONTH)

    assert result["sensitive_total"] == 3
    assert result["trend"][-1]["sensitive"] == 3
