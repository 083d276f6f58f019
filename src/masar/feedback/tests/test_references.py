"""A ticket's reference says nothing about how many tickets, sensitive ones included, exist."""

import pytest

from masar.core.models import NumberCounter
from masar.core.numbering import ALPHABET, check_character
from masar.feedback.models import Ticket

from .test_tickets import new_ticket

pytestmark = pytest.mark.django_db


def _code(reference: str) -> str:
    return "".join(reference.split("-")[2:])


def test_sensitive_tickets_advance_no_sequence_that_ordinary_tickets_show(personas):
    officer, psea = personas["cfm_officer"], personas["psea"]
    before = new_ticket(officer)
    sensitive = [new_ticket(psea, sensitivity="sea") for _ in range(3)]
    after = new_ticket(officer)

    # No counter is kept for tickets at all: nothing to compare two references against.
    assert not NumberCounter.objects.filter(programme="CFM").exists()
    references = [t.reference for t in (before, *sensitive, after)]
    assert len(set(references)) == 5
    for reference in references:
        code = _code(reference)
        assert set(code) <= set(ALPHABET) and len(code) == 8
        assert check_character(code[:-1]) == code[-1]
    assert Ticket.objects.filter(reference=after.reference).get() == after


def test_a_reference_drawn_twice_is_drawn_again(personas, monkeypatch):
    """The unique constraint refuses a collision and the ticket is saved under a new code."""
    first = new_ticket(personas["cfm_officer"])
    drawn = iter([first.reference, "CFM-2026-0000-0000"])
    monkeypatch.setattr("masar.feedback.actions.random_reference", lambda *a: next(drawn))

    second = new_ticket(personas["cfm_officer"])

    assert second.reference == "CFM-2026-0000-0000"
    assert Ticket.objects.count() == 2
