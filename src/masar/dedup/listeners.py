"""Duplicate detection plugged into cases: keys kept fresh on every write, likely matches shown
at registration (see `masar.cases.hooks`)."""

from __future__ import annotations

from dataclasses import dataclass

from masar.cases.hooks import household_written, registration_candidates

from .actions import after_registration, refresh_household_keys
from .queries import Candidate, candidates_for

household_written.register(refresh_household_keys)


@dataclass
class DuplicateCheck:
    """The likely duplicates found for a household being registered: those shown to the case
    worker, and those outside their scope, queued for review once the household is saved."""

    shown: list[Candidate]
    outside: list[Candidate]

    def registered(self, user, household) -> None:
        if self.shown or self.outside:
            after_registration(user, household, self.shown, self.outside)


@registration_candidates.register
def likely_duplicates(user, people: list[dict]) -> DuplicateCheck:
    return DuplicateCheck(*candidates_for(user, people))
