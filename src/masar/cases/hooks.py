"""The hooks cases publishes for the apps built on it (duplicate detection, referrals).

Cases calls these and never imports its listeners; see `masar.core.hooks`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from masar.core.hooks import Hook

# After a write of a household or its members is committed: `listener(household_id)`.
household_written = Hook("cases.household_written")

# At registration, before the household is saved: `listener(user, people) -> RegistrationCheck`,
# `people` being the cleaned member rows of the form.
registration_candidates = Hook("cases.registration_candidates")

# On the case page: `listener(user, household) -> Section | None`, shown after the payments.
case_page_sections = Hook("cases.case_page_sections")

# On the worklists page: `listener(user) -> Section | None`, shown among the lists.
worklist_sections = Hook("cases.worklist_sections")

# On the case page's timeline: `listener(kind) -> Mapping[str, label] | None`, the labels of
# the action codes the listener's app writes into the case's events of that `EventKind`.
timeline_labels = Hook("cases.timeline_labels")

# On a new referral's form opened from another record (`?ticket=<uid>`, never free text in the
# URL): `listener(user, household, params) -> dict | None`, the form's `need` and `reason` read
# from that record within the user's scope, or None when the parameters name none of the
# listener's records.
referral_prefill = Hook("cases.referral_prefill")


class RegistrationCheck(Protocol):
    """A listener's answer at registration: the existing households to show the case worker
    (each with `household`, `member`, `score`, `agree_labels`, `disagree_labels`), and what
    to record once the case worker registers the household anyway."""

    shown: list[Any]

    def registered(self, user: Any, household: Any) -> None: ...


@dataclass(frozen=True)
class Section:
    """A part of a cases page contributed by another app: its template and that template's
    context (the page adds `household` on the case page)."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
