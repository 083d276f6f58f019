"""Whoever holds a reference learns where the message stands, and nothing else."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from masar.core.numbering import normalise_reference, random_reference
from masar.feedback.models import Ticket

from .test_tickets import new_ticket

pytestmark = pytest.mark.django_db


def look_up(client, reference: str, **extra):
    return client.post("/feedback/status/", {"reference": reference}, **extra)


def test_a_reference_shows_the_status_but_not_the_message(client, personas):
    ticket = new_ticket(personas["cfm_officer"], description="The water tank leaks at block C")
    typed = ticket.reference.lower().replace("-", " ")  # as read out on the phone
    page = look_up(client, typed)
    body = page.content.decode()
    assert page.status_code == 200
    assert ticket.reference in body
    assert "Received" in body
    assert "water tank" not in body


def test_a_sensitive_ticket_shows_no_more_than_an_ordinary_one(client, personas):
    ticket = new_ticket(personas["psea"], sensitivity="sea", description="Allegation: driver")
    body = look_up(client, ticket.reference).content.decode()
    assert "Received" in body
    assert "Allegation" not in body and "sensitive" not in body.lower()


def test_a_mistyped_or_unknown_reference_is_refused_in_arabic(client, personas):
    ticket = new_ticket(personas["cfm_officer"])
    last = ticket.reference[-1]
    wrong = ticket.reference[:-1] + ("0" if last != "0" else "1")
    page = look_up(client, wrong, HTTP_ACCEPT_LANGUAGE="ar")
    assert page.status_code == 404
    assert ticket.reference not in page.content.decode()
    assert 'dir="rtl"' in page.content.decode()
    never_issued = random_reference("CFM", 2026, random.Random(7))
    assert not Ticket.objects.filter(reference=never_issued).exists()
    assert look_up(client, never_issued).status_code == 404


def test_lookups_are_limited_per_address(client, personas, settings):
    settings.MASAR = {**settings.MASAR, "CFM_LOOKUP_LIMIT": 2}
    ticket = new_ticket(personas["cfm_officer"])
    codes = [look_up(client, ticket.reference, REMOTE_ADDR="10.9.9.9").status_code for _ in "abc"]
    assert codes == [200, 200, 429]
    assert look_up(client, ticket.reference, REMOTE_ADDR="10.9.9.8").status_code == 200


def test_the_reference_is_never_in_the_url(client, personas):
    ticket = new_ticket(personas["cfm_officer"])
    assert client.get("/feedback/status/", {"reference": ticket.reference}).status_code == 200
    page = look_up(client, ticket.reference)
    assert page.status_code == 200 and page.request["PATH_INFO"] == "/feedback/status/"


@given(st.integers(0, 2**31), st.sampled_from(["upper", "lower", "spaced"]))
def test_every_issued_reference_reads_back_however_it_is_typed(seed, style):
    reference = random_reference("CFM", 2026, random.Random(seed))
    typed = {
        "upper": reference,
        "lower": reference.lower(),
        "spaced": " ".join(reference.replace("-", "")),
    }[style]
    assert normalise_reference(typed) == reference


@given(
    st.integers(0, 2**31),
    st.integers(0, 7),
    st.sampled_from(list("0123456789ABCDEFGHJKMNPQRSTVWXYZ")),
)
def test_one_wrong_character_is_never_taken_for_the_reference(seed, position, char):
    reference = random_reference("CFM", 2026, random.Random(seed))
    code = reference.replace("-", "")[7:]
    if code[position] == char:
        return
    wrong = code[:position] + char + code[position + 1 :]
    assert normalise_reference(f"CFM-2026-{wrong}") is None
