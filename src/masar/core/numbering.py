"""Human-friendly references: numbered per programme and year (FVM-2025-000042), or random.

Cases and referrals each number their own programme from one counter table, so a reference is
never issued twice even when two help desks register at the same moment.

Feedback tickets take random references instead (CFM-2025-7KQ3-M9X4): a running number would
tell whoever holds two tickets, or files one, how many tickets were recorded between them,
sensitive ones included (a ticket can also become sensitive after it got its number, so a
separate sequence would still leave gaps). A random code reveals nothing; its last character
is a check character, so that a reference mistyped on the phone can be told from a real one.
"""

from __future__ import annotations

import random
import re
import secrets

from django.db import transaction
from django.db.models import F

from .models import NumberCounter


@transaction.atomic
def next_case_number(programme: str, year: int) -> str:
    """Issue the next reference of `programme` in `year` (the counter row is locked)."""
    counter, _created = NumberCounter.objects.select_for_update().get_or_create(
        programme=programme, year=year
    )
    NumberCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db()
    return f"{programme}-{year}-{counter.last:06d}"


def continue_numbers_after(programme: str, year: int, last: int) -> None:
    """Make the next reference of `programme` in `year` follow `last`, after records were
    loaded with their numbers already given (the demo data)."""
    NumberCounter.objects.update_or_create(programme=programme, year=year, defaults={"last": last})


# Crockford's base 32: digits and capitals without I, L, O and U, which are misread or misheard.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_LENGTH = 7  # 35 random bits: a collision within a year is far-fetched, and retried


def check_character(code: str) -> str:
    """Luhn mod 32 over `code`: catches every single wrong character and every swap of two
    neighbours except 0 with Z (Luhn's one blind pair)."""
    total, factor = 0, 2
    for char in reversed(code):
        addend = factor * ALPHABET.index(char)
        total += addend // 32 + addend % 32
        factor = 3 - factor
    return ALPHABET[(32 - total % 32) % 32]


def random_reference(programme: str, year: int, rng: random.Random | None = None) -> str:
    """A reference that says nothing about how many came before: PROGRAMME-YEAR-XXXX-XXXC.

    Drawn from the system's secure source; the demo data pass their seeded `rng` so that the
    same seed makes the same references."""
    choice = rng.choice if rng is not None else secrets.choice
    code = "".join(choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    code += check_character(code)
    return f"{programme}-{year}-{code[:4]}-{code[4:]}"


# What people type for a character of ALPHABET, read out or copied by hand (Crockford's rules).
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})
_TYPED = re.compile(rf"([A-Z]{{2,5}})([0-9]{{4}})([0-9A-Z]{{{RANDOM_LENGTH + 1}}})")


def normalise_reference(text: str) -> str | None:
    """A random reference as typed (any case, spaces or dashes anywhere, I or L for 1 and O for
    0), in its written form; None when it cannot be one, its check character included, so that
    a mistyped reference is told apart from one that was never issued."""
    compact = "".join(char for char in text.upper() if char.isascii() and char.isalnum())
    match = _TYPED.fullmatch(compact)
    if match is None:
        return None
    programme, year, code = match.groups()
    code = code.translate(_READ_AS)
    if any(char not in ALPHABET for char in code) or check_character(code[:-1]) != code[-1]:
        return None
    return f"{programme}-{year}-{code[:4]}-{code[4:]}"
