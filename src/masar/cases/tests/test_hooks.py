"""The hooks cases publishes reach their listeners in the apps above it."""

from masar.cases.hooks import (
    case_page_sections,
    household_written,
    registration_candidates,
    worklist_sections,
)


def test_duplicate_detection_and_referrals_listen_to_cases():
    names = {
        hook.name: [listener.name for listener in hook.listeners()]
        for hook in (
            household_written,
            registration_candidates,
            case_page_sections,
            worklist_sections,
        )
    }
    assert names == {
        "cases.household_written": ["masar.dedup.actions.refresh_household_keys"],
        "cases.registration_candidates": ["masar.dedup.listeners.likely_duplicates"],
        "cases.case_page_sections": ["masar.referrals.listeners.referrals_of_the_case"],
        "cases.worklist_sections": ["masar.referrals.listeners.referrals_to_close"],
    }
