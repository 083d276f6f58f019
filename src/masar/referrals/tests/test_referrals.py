"""Referrals: consent, minimum data, the lifecycle, overdue, and who sees what."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from masar.cases.actions.merges import merge_household
from masar.cases.tests.factories import register
from masar.lib.disclosure import Suppressed
from masar.referrals import actions, queries
from masar.referrals.models import Referral

from .factories import livelihoods_service, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(personas):
    return livelihoods_service(personas["partner"])


def send(personas, service, household=None, **kwargs):
    household = household or register(personas["case_worker"])
    return actions.send_referral(
        personas["case_worker"], household, service, reason="Lost income", **kwargs
    )


def test_a_referral_cannot_be_sent_without_consent(personas, service):
    household = register(personas["case_worker"], consent=False)
    with pytest.raises(ValidationError, match="not consented"):
        actions.send_referral(personas["case_worker"], household, service, reason="x")
    with pytest.raises(PermissionDenied):
        actions.send_referral(
            personas["case_worker"], household, service, reason="x", override_reason="urgent"
        )
    referral = actions.send_referral(
        personas["supervisor"], household, service, reason="x", override_reason="Threat to life"
    )
    assert referral.consent_override_by == personas["supervisor"]
    assert referral.consent_override_reason == "Threat to life"


def test_only_the_chosen_minimum_data_is_shared(personas, service):
    referral = send(personas, service, share={"name", "need"}, need="income")
    assert referral.shared_name == "علي حسين كاظم"
    assert referral.shared_phone == "" and referral.shared_location is None
    assert referral.need == "income"


def test_a_service_outside_the_households_area_is_refused(personas):
    anbar_only = livelihoods_service(personas["partner"], governorates=("IQG01",))
    with pytest.raises(ValidationError, match="does not cover"):
        send(personas, anbar_only)


def test_the_lifecycle_is_recorded_on_the_referral_and_the_case(personas, service):
    partner = personas["partner"]
    referral = walk(send(personas, service), partner, "accept", "start", "complete")
    assert referral.status == "completed" and referral.accepted_at and referral.finished_at
    assert referral.outcome == "Enrolled for three months" and referral.version == 4
    assert [e.to_status for e in referral.events.all()] == [
        "sent",
        "accepted",
        "in_progress",
        "completed",
    ]
    case_events = referral.household.events.filter(kind="referral")
    assert [e.action for e in case_events] == ["send", "accept", "start", "complete"]
    assert case_events.last().payload["status"] == "completed"


def test_a_declined_referral_comes_back_to_the_senders_worklist(personas, service, client):
    referral = send(personas, service)
    walk(referral, personas["partner"], "decline")
    assert list(queries.referrals_to_follow_up(personas["case_worker"])) == [referral]
    client.force_login(personas["case_worker"])
    body = client.get("/cases/worklists/").content.decode()
    assert referral.reference in body


def test_the_case_page_lists_the_referrals_of_households_merged_into_it(personas, service, client):
    survivor, merged = register(personas["case_worker"]), register(personas["case_worker"])
    referral = send(personas, service, household=merged)
    merge_household(personas["supervisor"], survivor, merged)
    client.force_login(personas["case_worker"])
    page = client.get(f"/cases/{survivor.uid}/").content.decode()
    referrals = page[page.index('id="referrals"') :]
    assert referral.reference in referrals[: referrals.index("</section>")]


def test_a_referral_not_accepted_in_time_is_overdue_for_both_sides(personas, service):
    referral = send(personas, service)
    Referral.objects.filter(pk=referral.pk).update(sent_at=timezone.now() - timedelta(days=6))
    assert [r.pk for r in queries.inbox(personas["partner"])["overdue"]] == [referral.pk]
    assert [r.pk for r in queries.report(personas["case_worker"])["overdue"]] == [referral.pk]


def test_the_report_counts_acceptance_and_medians(personas, service, settings):
    # Exact counts: the case worker is below national scope, where cells of 2 are suppressed.
    settings.MASAR = {**settings.MASAR, "SUPPRESSION_THRESHOLD": 1}
    first, second = send(personas, service), send(personas, service)
    walk(first, personas["partner"], "accept")
    walk(second, personas["partner"], "decline")
    report = queries.report(personas["case_worker"])
    assert report["total"] == 2
    assert report["acceptance_rate"] == 50.0
    assert report["by"]["sector"] == [{"label": "livelihoods", "n": 2}]


def test_below_national_scope_the_report_suppresses_small_counts(personas, service, client):
    first, second = send(personas, service), send(personas, service)
    walk(first, personas["partner"], "accept")
    walk(second, personas["partner"], "decline")

    report = queries.report(personas["case_worker"])  # Ninewa only

    assert report["total"] == Suppressed(5)
    assert report["by"]["sector"] == [{"label": "livelihoods", "n": Suppressed(5)}]
    # A rate over two answers would tell them apart.
    assert report["acceptance_rate"] is None
    client.force_login(personas["case_worker"])
    page = client.get("/referrals/report/")
    assert page.status_code == 200
    assert b'id="total">&lt;5<' in page.content and b"suppression-note" in page.content
