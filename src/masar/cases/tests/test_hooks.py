"""The hooks cases publishes reach their listeners in the apps above it."""

import pytest

from masar.cases.hooks import (
    case_page_sections,
    household_written,
    registration_candidates,
    worklist_sections,
)
from masar.cases.tests.factories import register


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


@pytest.mark.django_db
def test_the_case_pages_stand_alone_when_no_app_listens(
    personas, client, monkeypatch, django_capture_on_commit_callbacks
):
    for hook in (household_written, case_page_sections, worklist_sections):
        monkeypatch.setattr(hook, "_listeners", {})
    with django_capture_on_commit_callbacks(execute=True):
        household = register(personas["case_worker"])
    client.force_login(personas["case_worker"])
    page = client.get(f"/cases/{household.uid}/")
    assert page.status_code == 200 and page.context["sections"] == []
    assert 'id="referrals"' not in page.content.decode()
    assert client.get("/cases/worklists/").context["sections"] == []
