"""Referrals shown on the cases pages: a household's referrals on its case page, and those
back from partners on the case worker's worklists (see `masar.cases.hooks`)."""

from __future__ import annotations

from masar.cases.choices import EventKind
from masar.cases.hooks import Section, case_page_sections, timeline_labels, worklist_sections

from .access import log_referrals_shown
from .queries import referrals_for_household, referrals_to_follow_up
from .workflow import REFERRAL_WORKFLOW, TIMELINE_ACTIONS


@case_page_sections.register
def referrals_of_the_case(user, household) -> Section:
    referrals = referrals_for_household(household)
    log_referrals_shown(user, referrals)
    return Section("referrals/_case_section.html", {"referrals": referrals})


@worklist_sections.register
def referrals_to_close(user) -> Section:
    """Completed and declined referrals the case worker should follow up."""
    returned = list(referrals_to_follow_up(user)[:50])
    log_referrals_shown(user, returned)
    return Section("referrals/_worklist_section.html", {"returned": returned})


@timeline_labels.register
def referral_actions(kind: str) -> dict | None:
    """The referral lifecycle's actions, as the case's timeline shows them."""
    if kind != EventKind.REFERRAL:
        return None
    return {**TIMELINE_ACTIONS, **{t.action: t.label for t in REFERRAL_WORKFLOW.transitions}}
