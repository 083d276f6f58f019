"""From submission to record: each form applied through the pages' actions, each refusal kept
waiting with its reason, fixed and applied again or rejected, nothing lost or applied twice,
and each reviewer seeing only what their grants reach.

Submissions come in through the OpenRosa door, as ODK Collect sends them.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

import pytest
import time_machine
from django.utils import translation

from masar.accounts.choices import OrganisationKind, Role
from masar.accounts.personas import make_persona
from masar.cases import actions as case_actions
from masar.cases.models import Household
from masar.cases.tests.factories import HEAD, register, walk_to
from masar.collect import actions, applying, queries
from masar.collect import questionnaires as q
from masar.collect.choices import SubmissionStatus
from masar.collect.models import Submission
from masar.geo.tests.factories import location_in, site_in
from masar.indices.actions import ensure_shipped_methodologies
from masar.indices.models import IndicatorValue
from masar.lib.dates import BAGHDAD
from masar.tracking.choices import EmergencyCause, RoundStatus
from masar.tracking.models import EmergencyEvent, EmergencyUpdate, Figure, Round

from .test_openrosa import basic, post

pytestmark = pytest.mark.django_db
NOON = datetime(2026, 6, 10, 12, tzinfo=BAGHDAD)


@pytest.fixture(autouse=True)
def _clock():
    # Registration dates, consent ages and follow-up windows all read the clock.
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def device(client, personas):
    def make(user) -> dict[str, str]:
        _credential, secret = actions.create_credential(user, "Tablet")
        return {
            "HTTP_AUTHORIZATION": basic(user.username, secret),
            "HTTP_X_OPENROSA_VERSION": "1.0",
        }

    return make


@pytest.fixture
def round_(db):
    return Round.objects.create(start_date=date(2026, 5, 1), end_date=date(2026, 6, 30), number=7)


@pytest.fixture
def ki_form(db):
    ensure_shipped_methodologies()
    return next(f for f in queries.served_questionnaires() if f.name == q.KEY_INFORMANT)


def xml(
    form: q.Questionnaire, body: str, *, instance: str = "", deprecated: str = "", version=None
):
    instance = instance or f"uuid:{uuid.uuid4()}"
    version = form.version if version is None else version
    extra = f"<deprecatedID>{deprecated}</deprecatedID>" if deprecated else ""
    return (
        f'<?xml version="1.0"?><data id="{form.form_id}" version="{version}">{body}'
        f"<meta><instanceID>{instance}</instanceID>{extra}</meta></data>"
    ).encode()


def ki_body(form: q.Questionnaire, round_, location_id: str, option: int = 0) -> str:
    """Every indicator answered with its `option`-th option, inside its group as Collect does."""
    groups = []
    survey = form.survey
    choices = {}
    for cells in form.choices:
        choices.setdefault(cells["list_name"], []).append(cells["name"])
    current = ""
    for cells in survey:
        if cells["type"] == "begin_group":
            current = f"<{cells['name']}>"
        elif cells["type"] == "end_group":
            groups.append(current + f"</{cells['name']}>")
        elif cells["type"].startswith("select_one "):
            options = choices[cells["type"].split()[1]]
            current += (
                f"<{cells['name']}>{options[min(option, len(options) - 1)]}</{cells['name']}>"
            )
    return f"<round>{round_.uid}</round><location>{location_id}</location>" + "".join(groups)


def submitted(instance_or_response) -> Submission:
    return Submission.objects.latest("id")


def assert_nothing_lost() -> None:
    counts = {status: 0 for status in SubmissionStatus.values}
    for status in Submission.objects.values_list("status", flat=True):
        counts[status] += 1
    assert sum(counts.values()) == Submission.objects.count()
    assert counts[SubmissionStatus.RECEIVED] == 0


# Key-informant answers ------------------------------------------------------------------


def test_key_informant_answers_become_the_rounds_values_once(
    client, device, personas, round_, ki_form
):
    location_in("IQG15Q05N01", external_id="NIN-0100")
    headers = device(personas["enumerator"])
    body = xml(ki_form, ki_body(ki_form, round_, "NIN-0100"))
    assert post(client, headers, body).status_code == 201
    submission = submitted(None)
    assert submission.status == SubmissionStatus.APPLIED
    values = IndicatorValue.objects.filter(round=round_, location__external_id="NIN-0100")
    answered = values.count()
    assert answered > 5
    assert {v.source for v in values} == {"collected"}
    # Collect retries on a flaky link: the same submission again changes nothing.
    assert post(client, headers, body).status_code == 201
    assert Submission.objects.count() == 1
    assert values.count() == answered
    assert applying.apply_submission(personas["im_officer"], submission).status == "applied"
    assert submission.links.count() == 1
    assert submission.links.get().record.external_id == "NIN-0100"


def test_an_edit_of_applied_answers_corrects_them(client, device, personas, round_, ki_form):
    location_in("IQG15Q05N01", external_id="NIN-0101")
    headers = device(personas["enumerator"])
    first = "uuid:first-0101"
    post(client, headers, xml(ki_form, ki_body(ki_form, round_, "NIN-0101", 0), instance=first))
    before = dict(IndicatorValue.objects.values_list("indicator", "value"))
    edit = xml(
        ki_form, ki_body(ki_form, round_, "NIN-0101", 1), instance="uuid:e-0101", deprecated=first
    )
    assert post(client, headers, edit).status_code == 201
    after = dict(IndicatorValue.objects.values_list("indicator", "value"))
    assert set(after) == set(before)
    assert after != before
    assert set(Submission.objects.values_list("status", flat=True)) == {"applied"}


def test_an_unknown_location_waits_and_a_reviewer_corrects_it(
    client, device, personas, round_, ki_form
):
    location_in("IQG15Q05N01", external_id="NIN-0102")
    post(client, device(personas["enumerator"]), xml(ki_form, ki_body(ki_form, round_, "NIN-9999")))
    submission = submitted(None)
    assert submission.status == SubmissionStatus.WAITING
    assert applying.problem_text(submission) == "No location NIN-9999 in the master list."
    assert not IndicatorValue.objects.exists()
    reviewer = client
    reviewer.force_login(personas["im_officer"])
    page = reviewer.get(f"/collect/inbox/{submission.uid}/")
    assert page.status_code == 200
    assert "No location NIN-9999 in the master list." in page.content.decode()
    answer = reviewer.post(
        f"/collect/inbox/{submission.uid}/", {"apply": "1", "answer_location": "NIN-0102"}
    )
    assert answer.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPLIED
    assert submission.corrections == {"location": "NIN-0102"}
    assert "NIN-9999" in submission.xml  # the raw answers stay as sent
    assert IndicatorValue.objects.filter(location__external_id="NIN-0102").exists()
    assert_nothing_lost()


def test_a_location_outside_the_enumerators_grants_waits_for_a_national_reviewer(
    client, device, personas, round_, ki_form
):
    location_in("IQG01Q01N01", external_id="ANB-0100")
    post(client, device(personas["enumerator"]), xml(ki_form, ki_body(ki_form, round_, "ANB-0100")))
    submission = submitted(None)
    assert submission.problem == "out_of_reach"
    assert submission.governorate.pcode == "IQG01"
    result = applying.apply_submission(personas["im_officer"], submission)
    assert result.status == SubmissionStatus.APPLIED


def test_an_old_form_version_waits_until_a_reviewer_has_checked_it(
    client, device, personas, round_, ki_form
):
    location_in("IQG15Q05N01", external_id="NIN-0103")
    body = xml(ki_form, ki_body(ki_form, round_, "NIN-0103"), version="0ld0ld0ld0ld")
    post(client, device(personas["enumerator"]), body)
    submission = submitted(None)
    assert submission.problem == "old_version"
    assert "0ld0ld0ld0ld" in applying.problem_text(submission)
    client.force_login(personas["im_officer"])
    client.post(f"/collect/inbox/{submission.uid}/", {"apply": "1", "version_checked": "on"})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPLIED


def test_the_reason_is_shown_in_the_readers_language(client, device, personas, round_, ki_form):
    post(client, device(personas["enumerator"]), xml(ki_form, ki_body(ki_form, round_, "X-1")))
    submission = submitted(None)
    english = applying.problem_text(submission)
    with translation.override("ar"):
        arabic = applying.problem_text(submission)
    assert "X-1" in arabic
    assert arabic != english


# Master-list and emergency updates --------------------------------------------------------


def test_a_master_list_update_becomes_figures_of_a_draft_round(client, device, personas, round_):
    location_in("IQG15Q05N01", external_id="NIN-0200")
    form = q.masterlist_update()
    body = (
        f"<round>{round_.uid}</round><location_id>NIN-0200</location_id><population>idp</population>"
        "<origin>IQG01</origin><individuals>60</individuals>"
        "<families><camp>4</camp><rented_house>6</rented_house></families>"
    )
    post(client, device(personas["enumerator"]), xml(form, body))
    assert submitted(None).status == SubmissionStatus.APPLIED
    figures = Figure.objects.filter(round=round_, location__external_id="NIN-0200")
    assert sorted(figures.values_list("shelter", "families")) == [("camp", 4), ("rented_house", 6)]
    assert sum(f.individuals for f in figures) == 60


def test_a_master_list_update_for_a_published_round_waits(client, device, personas, round_):
    Round.objects.filter(pk=round_.pk).update(status=RoundStatus.PUBLISHED)
    location_in("IQG15Q05N01", external_id="NIN-0201")
    body = (
        f"<round>{round_.uid}</round><location_id>NIN-0201</location_id>"
        "<population>idp</population><families><camp>4</camp></families>"
    )
    post(client, device(personas["enumerator"]), xml(q.masterlist_update(), body))
    submission = submitted(None)
    assert submission.problem == "refused"
    assert "draft" in applying.problem_text(submission)
    assert not Figure.objects.exists()


def test_an_emergency_update_adds_to_its_event(client, device, personas):
    event = EmergencyEvent.objects.create(
        name="Floods", cause=EmergencyCause.FLOOD, start_date=date(2026, 6, 1)
    )
    location_in("IQG15Q05N01", external_id="NIN-0300")
    body = (
        f"<event>{event.uid}</event><location>NIN-0300</location><reported_on>2026-06-09"
        "</reported_on><families_displaced>12</families_displaced><individuals_displaced>70"
        "</individuals_displaced><families_returned>0</families_returned>"
        "<individuals_returned>0</individuals_returned>"
    )
    post(client, device(personas["enumerator"]), xml(q.emergency_update(), body))
    assert submitted(None).status == SubmissionStatus.APPLIED
    update = EmergencyUpdate.objects.get(event=event)
    assert (update.families_displaced, update.individuals_displaced) == (12, 70)
    assert queries.submission_of(update) == submitted(None)


# Registrations ----------------------------------------------------------------------------


def registration_body(site, *members: dict) -> str:
    consents = "".join(
        f"<{name}>yes</{name}>"
        for name in ("consent_informed", "consent_voluntary", "consent_services")
    )
    people = "".join(
        "<members>" + "".join(f"<{k}>{v}</{k}>" for k, v in member.items()) + "</members>"
        for member in members
    )
    return (
        f"<current_site>{site.external_id}</current_site><pathway>return</pathway>"
        f"<registration_channel>help_desk</registration_channel><disability>yes</disability>"
        f"<consent>{consents}</consent>{people}"
    )


SPOUSE = {"relationship": "spouse", "given_name": "نور", "father_name": "كريم", "sex": "f"}
NEW_HEAD = {"relationship": "head", "given_name": "سعد", "father_name": "جبار",
            "grandfather_name": "حمد", "sex": "m", "birth_year": "١٩٨٠"}  # fmt: skip


def test_a_registration_registers_the_household_with_its_members(client, device, personas):
    site = site_in("IQG15Q05N01")
    form = q.registration()
    post(
        client,
        device(personas["case_worker"]),
        xml(form, registration_body(site, NEW_HEAD, SPOUSE)),
    )
    submission = submitted(None)
    assert submission.status == SubmissionStatus.APPLIED, applying.problem_text(submission)
    household = Household.objects.get(pk=submission.links.get().object_id)
    assert household.current_site == site
    assert household.disability is True
    assert household.consent_informed and not household.consent_authorities
    assert sorted(household.members.values_list("given_name", flat=True)) == ["سعد", "نور"]
    assert queries.submission_of(household) == submission
    assert submission.organisation_id == household.organisation_id


def test_a_likely_duplicate_waits_until_a_supervisor_has_checked_it(
    client, device, personas, django_capture_on_commit_callbacks
):
    worker, supervisor = personas["case_worker"], personas["supervisor"]
    site = site_in("IQG15Q05N01")
    with django_capture_on_commit_callbacks(execute=True):  # the duplicate keys are built then
        existing = register(worker, site=site)
    form = q.registration()
    post(client, device(worker), xml(form, registration_body(site, HEAD)))
    submission = submitted(None)
    assert submission.problem == "likely_duplicate"
    assert existing.case_number in applying.problem_text(submission)
    assert Household.objects.count() == 1
    client.force_login(supervisor)
    client.post(f"/collect/inbox/{submission.uid}/", {"apply": "1", "duplicates_checked": "on"})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPLIED
    assert Household.objects.count() == 2


def test_a_registration_missing_a_required_answer_waits_with_the_field(client, device, personas):
    site = site_in("IQG15Q05N01")
    body = registration_body(site, {"relationship": "head", "given_name": "سعد"})
    post(client, device(personas["case_worker"]), xml(q.registration(), body))
    submission = submitted(None)
    assert submission.problem == "invalid"
    assert submission.problem_detail["field_name"] == "sex"
    assert not Household.objects.exists()


def test_an_edit_of_an_applied_registration_is_made_on_the_case_page(client, device, personas):
    site = site_in("IQG15Q05N01")
    headers = device(personas["case_worker"])
    form = q.registration()
    post(client, headers, xml(form, registration_body(site, NEW_HEAD), instance="uuid:reg-1"))
    edit = xml(
        form,
        registration_body(site, NEW_HEAD, SPOUSE),
        instance="uuid:reg-2",
        deprecated="uuid:reg-1",
    )
    post(client, headers, edit)
    edited = Submission.objects.get(instance_id="uuid:reg-2")
    assert edited.problem == "edit_of_applied"
    household = Household.objects.get()
    assert household.case_number in applying.problem_text(edited)
    assert household.members.count() == 1


# Follow-ups -------------------------------------------------------------------------------


def arrived(worker) -> Household:
    """Arrived on 29 May: the check-in is due from 5 to 12 June."""
    with time_machine.travel(datetime(2026, 5, 28, 12, tzinfo=BAGHDAD), tick=False):
        household = walk_to("departed", worker, register(worker))
        return case_actions.transition(
            worker, household, "arrive", {"arrived_on": date(2026, 5, 29)}
        )


def check_in_body(case_number: str, completed_on: str, **extra: str) -> str:
    more = "".join(f"<{k}>{v}</{k}>" for k, v in extra.items())
    return (
        f"<case_number>{case_number}</case_number><follow_up_kind>check_in</follow_up_kind>"
        f"<reached>yes</reached><follow_up><completed_on>{completed_on}</completed_on>"
        f"<outcome>settled</outcome>{more}</follow_up>"
    )


def test_a_check_in_completes_its_follow_up(client, device, personas):
    worker = personas["case_worker"]
    household = arrived(worker)
    form = q.follow_up("check_in")
    post(client, device(worker), xml(form, check_in_body(household.case_number, "2026-06-09")))
    submission = submitted(None)
    assert submission.status == SubmissionStatus.APPLIED, applying.problem_text(submission)
    check_in = household.follow_ups.get(kind="check_in")
    assert check_in.status == "done"
    assert check_in.attempts.get().reached is True


def test_a_check_in_done_too_early_waits_for_its_reason(client, device, personas):
    worker = personas["case_worker"]
    household = arrived(worker)
    form = q.follow_up("check_in")
    post(client, device(worker), xml(form, check_in_body(household.case_number, "2026-06-03")))
    submission = submitted(None)
    assert submission.problem == "refused"
    assert "give the reason" in applying.problem_text(submission)
    fixed = applying.correct_and_apply(
        personas["supervisor"], submission, {"early_reason": "The family asked to be called."}
    )
    assert fixed.status == SubmissionStatus.APPLIED
    assert household.follow_ups.get(kind="check_in").status == "done"


def test_a_follow_up_already_completed_waits_and_can_be_rejected(client, device, personas):
    worker = personas["case_worker"]
    household = arrived(worker)
    form = q.follow_up("check_in")
    headers = device(worker)
    post(client, headers, xml(form, check_in_body(household.case_number, "2026-06-09")))
    post(client, headers, xml(form, check_in_body(household.case_number, "2026-06-10")))
    second = submitted(None)
    assert second.problem == "follow_up_closed"
    client.force_login(personas["supervisor"])
    client.post(f"/collect/inbox/{second.uid}/", {"reject": "1", "reason": "Called twice."})
    second.refresh_from_db()
    assert second.status == SubmissionStatus.REJECTED
    assert second.reason == "Called twice."
    assert applying.apply_submission(personas["supervisor"], second).status == "rejected"
    assert_nothing_lost()


def test_a_case_out_of_the_workers_cases_waits(client, device, personas):
    household = arrived(personas["case_worker"])
    form = q.follow_up("check_in")
    other = personas["other_case_worker"]
    make_persona(other.username, Role.CASE_WORKER, "Other NGO", OrganisationKind.NGO, "IQG15")
    post(client, device(other), xml(form, check_in_body(household.case_number, "2026-06-09")))
    assert submitted(None).problem == "unknown_case"
    assert household.follow_ups.get(kind="check_in").status == "scheduled"


# Scope, counts and the command ----------------------------------------------------------


def test_each_reviewer_sees_only_the_submissions_in_their_grants(client, device, personas):
    site = site_in("IQG15Q05N01")
    post(
        client, device(personas["case_worker"]), xml(q.registration(), registration_body(site, {}))
    )
    submission = submitted(None)
    assert submission.status == SubmissionStatus.WAITING
    outsider = make_persona(
        "sup_anbar", Role.CASE_SUPERVISOR, "Other NGO", OrganisationKind.NGO, "IQG01"
    )
    other_enumerator = make_persona("enum_2", Role.ENUMERATOR, "IOM", OrganisationKind.UN, "IQG15")
    for user in (outsider, other_enumerator, personas["partner"]):
        client.force_login(user)
        assert client.get(f"/collect/inbox/{submission.uid}/").status_code == 404
        listing = client.get("/collect/inbox/")
        assert str(submission.uid) not in listing.content.decode()
    for user in (personas["supervisor"], personas["case_worker"], personas["admin"]):
        client.force_login(user)
        assert client.get(f"/collect/inbox/{submission.uid}/").status_code == 200
        assert str(submission.uid) in client.get("/collect/inbox/").content.decode()
    # The one who sent it sees it, but reviewing is a supervisor's.
    client.force_login(personas["case_worker"])
    refused = client.post(f"/collect/inbox/{submission.uid}/", {"reject": "1", "reason": "x"})
    assert refused.status_code == 404
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.WAITING


def test_the_inbox_counts_add_up_to_every_submission(client, device, personas, round_, ki_form):
    location_in("IQG15Q05N01", external_id="NIN-0400")
    headers = device(personas["enumerator"])
    post(client, headers, xml(ki_form, ki_body(ki_form, round_, "NIN-0400")))
    post(client, headers, xml(ki_form, ki_body(ki_form, round_, "NIN-0401")))
    post(client, headers, xml(ki_form, ki_body(ki_form, round_, "NIN-0402")))
    waiting = Submission.objects.filter(status="waiting").first()
    applying.reject_submission(personas["im_officer"], waiting, "Not one of ours.")
    counts = queries.inbox_counts(personas["im_officer"])
    assert counts == {"received": 0, "applied": 1, "waiting": 1, "rejected": 1}
    assert sum(counts.values()) == Submission.objects.count()
    client.force_login(personas["im_officer"])
    page = client.get("/collect/inbox/").content.decode()
    assert 'id="count-waiting">1<' in page


def test_the_command_applies_what_was_stored_but_not_applied(
    personas, round_, ki_form, run_command
):
    location_in("IQG15Q05N01", external_id="NIN-0500")
    receipt = actions.receive_submission(
        personas["enumerator"], xml(ki_form, ki_body(ki_form, round_, "NIN-0500")), []
    )
    assert receipt.submission.status == SubmissionStatus.RECEIVED
    code, out, _err = run_command("apply_submissions")
    assert code == 0
    assert "applied: 1" in out
    receipt.submission.refresh_from_db()
    assert receipt.submission.status == SubmissionStatus.APPLIED
    assert IndicatorValue.objects.filter(location__external_id="NIN-0500").exists()


def test_the_inbox_applies_what_was_received_in_the_background(client, personas, round_, ki_form):
    for n in range(3):
        location_in("IQG15Q05N01", external_id=f"NIN-060{n}")
        actions.receive_submission(
            personas["enumerator"], xml(ki_form, ki_body(ki_form, round_, f"NIN-060{n}")), []
        )
    client.force_login(personas["enumerator"])
    assert client.post("/collect/inbox/", {"apply_received": "1"}).status_code == 404
    client.force_login(personas["im_officer"])
    assert 'id="apply-received"' in client.get("/collect/inbox/").content.decode()
    page = client.post("/collect/inbox/", {"apply_received": "1"}, follow=True)
    assert page.redirect_chain[0][0].startswith("/jobs/")
    assert "applied: 3" in page.content.decode()
    assert Submission.objects.filter(status=SubmissionStatus.APPLIED).count() == 3
    assert 'id="apply-received"' not in client.get("/collect/inbox/").content.decode()
