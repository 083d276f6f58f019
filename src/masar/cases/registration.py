"""What a help desk must record to register a household: the one rule every door applies.

`register_household` refuses a registration that misses any of it, whoever calls it (the page,
the API, a field form from KoBoToolbox or ODK); the page's forms ask the same functions, so that
each problem shows beside its field, and the field questionnaire marks the same questions
required. A household head is recorded by the full name an Iraqi civil ID carries (given,
father's and grandfather's names; a family or tribal name only where there is one), sex and
date or year of birth; the household by where it lives now, the pathway it intends and its
informed consent.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from .choices import Pathway, Relationship, Sex

# Household fields (as the page's form names them) and what the refusal says when one is missing.
HOUSEHOLD_REQUIRED = {
    "current_site": _("Give the household's current site or location."),
    "pathway": _("Choose the household's intended pathway."),
    "consent_informed": _(
        "Tick “Informed consent given”: a household is registered only with its informed consent."
    ),
}
# Every member's fields.
MEMBER_REQUIRED = {
    "relationship": _("Member %(n)s has no relationship to the head of household."),
    "given_name": _("Member %(n)s has no given name."),
    "sex": _("Member %(n)s has no sex recorded."),
}
# The head of household's, besides the member's; `birth` is a date of birth, a year of birth or
# an age (in years, from which `register_household` works out the year).
HEAD_REQUIRED = {
    "given_name": _("Give the head of household's given name."),
    "father_name": _("Give the head of household's father's name."),
    "grandfather_name": _("Give the head of household's grandfather's name."),
    "sex": _("Record the head of household's sex."),
    "birth": _("Give the head of household's date of birth, year of birth or age."),
}
# The member form's field that carries the `birth` problem.
BIRTH_FIELD = "birth_year"


def _blank(value: Any) -> bool:
    return value is None or value is False or (isinstance(value, str) and not value.strip())


def household_problems(data: dict) -> dict[str, str]:
    """What the household's details miss, by field."""
    problems: dict[str, str] = {}
    if _blank(data.get("current_site")) and _blank(data.get("current_location")):
        problems["current_site"] = str(HOUSEHOLD_REQUIRED["current_site"])
    if data.get("pathway") not in Pathway.values:
        problems["pathway"] = str(HOUSEHOLD_REQUIRED["pathway"])
    if data.get("consent_informed") is not True:
        problems["consent_informed"] = str(HOUSEHOLD_REQUIRED["consent_informed"])
    return problems


def member_problems(member: dict, number: int = 1) -> dict[str, str]:
    """What one member misses, by field (`number` counts members from 1, for the message)."""
    head = member.get("relationship") == Relationship.HEAD
    problems: dict[str, str] = {}
    if member.get("relationship") not in Relationship.values:
        problems["relationship"] = str(MEMBER_REQUIRED["relationship"]) % {"n": number}
    for field in ("given_name", "father_name", "grandfather_name"):
        if _blank(member.get(field)) and (head or field in MEMBER_REQUIRED):
            message = HEAD_REQUIRED[field] if head else MEMBER_REQUIRED[field]
            problems[field] = str(message) % {"n": number}
    if member.get("sex") not in Sex.values:
        message = HEAD_REQUIRED["sex"] if head else MEMBER_REQUIRED["sex"]
        problems["sex"] = str(message) % {"n": number}
    if head and all(_blank(member.get(key)) for key in ("date_of_birth", "birth_year", "age")):
        problems[BIRTH_FIELD] = str(HEAD_REQUIRED["birth"])
    return problems


def with_birth_year(member: dict, on: date) -> dict:
    """The member with a year of birth worked out from an age given instead (in years on `on`,
    the registration day: a person aged 40 in March 2026 was born in 1985 or 1986; the later
    year is recorded, as a help desk does)."""
    age = member.get("age")
    if _blank(age) or not _blank(member.get("birth_year")) or member.get("date_of_birth"):
        return member
    return {**member, "birth_year": on.year - int(age)}


def registration_problems(data: dict, members: list[dict]) -> list[str]:
    """Every problem of a registration, household first, then member by member."""
    problems = list(household_problems(data).values())
    for number, member in enumerate(members, start=1):
        problems += member_problems(member, number).values()
    return problems
