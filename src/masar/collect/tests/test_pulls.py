"""Pulls from a KoBoToolbox-shaped server on 127.0.0.1: incremental, resumable after a failed
page, edits applied as corrections, and the command's refusals."""

from __future__ import annotations

from datetime import datetime

import pytest
import requests
import time_machine
from django.core.management import call_command

from masar.cases.models import Household
from masar.collect import applying, pulling
from masar.collect import jobs as collect_jobs
from masar.collect import questionnaires as q
from masar.collect.choices import PullStatus
from masar.collect.models import PullSource, Submission
from masar.geo.tests.factories import location_in, site_in
from masar.indices.models import IndicatorValue
from masar.lib.dates import BAGHDAD

from .test_inbox import ki_form, round_  # noqa: F401
from .upstream import CentralServer, KoboServer

pytestmark = pytest.mark.django_db
NOON = datetime(2026, 6, 10, 12, tzinfo=BAGHDAD)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOON, tick=False):
        yield


def ki_record(
    form,
    round_,  # noqa: F811
    location_id: str,
    n: int,
    option: int = 0,
    **extra,
) -> dict:
    """A KoBo data record: group paths as keys, KoBo's own fields beside the answers."""
    choices: dict[str, list[str]] = {}
    for cells in form.choices:
        choices.setdefault(cells["list_name"], []).append(cells["name"])
    record = {"_id": n, "_uuid": f"u-{n}", "round": str(round_.uid), "location": location_id}
    group = ""
    for cells in form.survey:
        if cells["type"] == "begin_group":
            group = cells["name"]
        elif cells["type"].startswith("select_one "):
            options = choices[cells["type"].split()[1]]
            record[f"{group}/{cells['name']}"] = options[min(option, len(options) - 1)]
    record.update(
        {
            "meta/instanceID": f"uuid:u-{n}",
            "_submission_time": f"2026-06-0{1 + n // 10}T08:00:{n % 10:02d}",
            "_attachments": [],
            **extra,
        }
    )
    return record


def source_for(server, form, user) -> PullSource:
    return PullSource.objects.create(
        name="kobo",
        kind="kobo",
        base_url=server.url,
        remote_form="aAbBcC",
        form_id=form.form_id,
        secret_sealed=pulling.seal("secret"),
        created_by=user,
    )


def test_a_second_pull_asks_only_for_newer_submissions(personas, round_, ki_form):  # noqa: F811
    location_in("IQG15Q05N01", external_id="NIN-0200")
    records = [ki_record(ki_form, round_, "NIN-0200", n) for n in range(1, 6)]
    with KoboServer(records[:3]) as server:
        source = source_for(server, ki_form, personas["im_officer"])
        first = pulling.pull(personas["im_officer"], source, page_size=2)
        assert (first.stored, first.applied) == (3, 3)
        server.records = records
        second = pulling.pull(personas["im_officer"], source, page_size=2)
    assert server.queries[0] == {}
    assert server.queries[1]["$or"][0] == {
        "_submission_time": {"$gt": records[2]["_submission_time"]}
    }
    assert (second.stored, second.already_had) == (2, 0)
    assert Submission.objects.filter(source="kobo").count() == 5


def test_an_interrupted_pull_resumes_after_the_last_committed_page(
    personas,
    round_,  # noqa: F811
    ki_form,  # noqa: F811
):
    location_in("IQG15Q05N01", external_id="NIN-0201")
    records = [ki_record(ki_form, round_, "NIN-0201", n) for n in range(1, 8)]
    with KoboServer(records) as server:
        source = source_for(server, ki_form, personas["im_officer"])
        server.fail_on_start = 4  # the third page of two
        with pytest.raises(requests.HTTPError):
            pulling.pull(personas["im_officer"], source, page_size=2)
        source.refresh_from_db()
        assert Submission.objects.count() == 4
        assert (source.cursor_time, source.cursor_id) == (records[3]["_submission_time"], "4")
        assert source.last_status == "failed"
        server.fail_on_start = None
        result = pulling.pull(personas["im_officer"], source, page_size=2)
    assert (result.stored, result.already_had) == (3, 0)
    assert Submission.objects.count() == 7
    assert set(Submission.objects.values_list("status", flat=True)) == {"applied"}


def test_an_edit_in_kobo_is_applied_as_a_correction(personas, round_, ki_form):  # noqa: F811
    location_in("IQG15Q05N01", external_id="NIN-0202")
    original = ki_record(ki_form, round_, "NIN-0202", 1, 0)
    with KoboServer([original]) as server:
        source = source_for(server, ki_form, personas["im_officer"])
        pulling.pull(personas["im_officer"], source)
        before = dict(IndicatorValue.objects.values_list("indicator", "value"))
        # KoBo edits in place: the same _id and time, a new instanceID naming the old one.
        edited = ki_record(
            ki_form,
            round_,
            "NIN-0202",
            1,
            1,
            **{"meta/instanceID": "uuid:edit-1", "meta/deprecatedID": "uuid:u-1"},
        )
        server.records = [edited]
        assert pulling.pull(personas["im_officer"], source).stored == 0
        result = pulling.pull(personas["im_officer"], source, from_start=True)
    assert (result.stored, result.applied) == (1, 1)
    after = dict(IndicatorValue.objects.values_list("indicator", "value"))
    assert set(after) == set(before)
    assert after != before
    assert Submission.objects.get(instance_id="uuid:edit-1").supersedes.instance_id == "uuid:u-1"


def test_attachments_are_downloaded_with_the_submission(personas, round_, ki_form):  # noqa: F811
    location_in("IQG15Q05N01", external_id="NIN-0203")
    with KoboServer() as server:
        server.files["/media/photo.jpg"] = b"\xff\xd8jpeg"
        server.records = [
            ki_record(
                ki_form,
                round_,
                "NIN-0203",
                1,
                _attachments=[
                    {
                        "download_url": f"{server.url}/media/photo.jpg",
                        "filename": "im/attachments/u-1/photo.jpg",
                        "mimetype": "image/jpeg",
                    }
                ],
            )
        ]
        pulling.pull(personas["im_officer"], source_for(server, ki_form, personas["im_officer"]))
    attachment = Submission.objects.get().attachments.get()
    assert (attachment.name, attachment.size) == ("photo.jpg", 6)


def test_the_command_refuses_incomplete_input_with_exit_2(run_command, personas):
    code, _out, err = run_command("pull_submissions", "--source", "kobo", "--as", "nobody-x")
    assert code == 2
    assert "No user" in err
    user = personas["im_officer"].username
    code, _out, err = run_command("pull_submissions", "--source", "kobo", "--as", user)
    assert code == 2
    assert "--url" in err


def test_the_pulls_page_is_for_im_officers_and_pulls_now(client, personas, round_, ki_form):  # noqa: F811
    location_in("IQG15Q05N01", external_id="NIN-0204")
    client.force_login(personas["case_worker"])
    assert client.get("/collect/pulls/").status_code == 404
    client.force_login(personas["im_officer"])
    with KoboServer([ki_record(ki_form, round_, "NIN-0204", 1)]) as server:
        source = source_for(server, ki_form, personas["im_officer"])
        assert client.post("/collect/pulls/", {"pull": str(source.uid)}).status_code == 302
    page = client.get("/collect/pulls/")
    assert page.status_code == 200
    assert "applied: 1" in page.content.decode()
    source.refresh_from_db()
    assert source.last_status == PullStatus.DONE
    assert (source.progress_done, source.progress_total) == (1, 1)
    assert 'http-equiv="refresh"' not in page.content.decode()


def test_a_source_with_a_pull_under_way_refuses_another(client, personas, round_, ki_form):  # noqa: F811
    client.force_login(personas["im_officer"])
    with KoboServer([ki_record(ki_form, round_, "NIN-0204", 1)]) as server:
        source = source_for(server, ki_form, personas["im_officer"])
        PullSource.objects.filter(pk=source.pk).update(last_status=PullStatus.RUNNING)
        response = client.post("/collect/pulls/", {"pull": str(source.uid)}, follow=True)
    assert "already queued or running" in response.content.decode()
    assert 'http-equiv="refresh"' in response.content.decode()  # the page follows the pull
    assert not Submission.objects.exists()


def test_a_queued_pull_refused_before_it_begins_is_marked_failed(personas, round_, ki_form):  # noqa: F811
    with KoboServer([]) as server:
        source = source_for(server, ki_form, personas["im_officer"])
        source.form_id = "no_such_form"
        source.save()
        collect_jobs.start_pull(personas["im_officer"], source)
    source.refresh_from_db()
    assert source.last_status == PullStatus.FAILED
    assert "no_such_form" in source.last_error


def test_a_registrations_repeat_group_arrives_whole(personas):
    site = site_in("IQG15Q05N01")
    people = [
        {
            "relationship": "head",
            "given_name": "سعد",
            "father_name": "جبار",
            "grandfather_name": "حمد",
            "sex": "m",
            "birth_year": "1980",
        },
        {"relationship": "spouse", "given_name": "نور", "father_name": "كريم", "sex": "f"},
        {"relationship": "child", "given_name": "ليلى", "father_name": "سعد", "sex": "f"},
    ]
    record = {
        "_id": 1,
        "_uuid": "reg-1",
        "current_site": site.external_id,
        "pathway": "return",
        "registration_channel": "help_desk",
        "disability": "yes",
        "consent/consent_informed": "yes",
        "consent/consent_voluntary": "yes",
        "consent/consent_services": "yes",
        # KoBo's JSON keeps a repeat as a list of dicts keyed by the repeat's path.
        "members": [{f"members/{k}": v for k, v in person.items()} for person in people],
        "meta/instanceID": "uuid:reg-1",
        "_submission_time": "2026-06-09T08:00:00",
        "_attachments": [],
    }
    worker = personas["case_worker"]
    with KoboServer([record]) as server:
        source = source_for(server, q.registration(), worker)
        result = pulling.pull(worker, source)
    submission = Submission.objects.get()
    assert result.applied == 1, applying.problem_text(submission)
    household = Household.objects.get(pk=submission.links.get().object_id)
    assert sorted(household.members.values_list("given_name", flat=True)) == ["سعد", "ليلى", "نور"]


def test_a_pull_from_central_reads_the_odata_feed_after_the_cursor(
    personas,
    round_,  # noqa: F811
    ki_form,  # noqa: F811
):
    location_in("IQG15Q05N01", external_id="NIN-0205")
    rows = []
    for n in range(1, 4):
        record = ki_record(ki_form, round_, "NIN-0205", n)
        groups: dict = {}
        for key, value in record.items():
            if "/" in key and not key.startswith("meta/"):
                group, name = key.split("/")
                groups.setdefault(group, {})[name] = value
        rows.append(
            {
                "__id": f"uuid:c-{n}",
                "round": record["round"],
                "location": record["location"],
                **groups,
                "meta": {"instanceID": f"uuid:c-{n}"},
                "__system": {
                    "submissionDate": f"2026-06-0{n}T08:00:00.000Z",
                    "deletedAt": "2026-06-09T00:00:00.000Z" if n == 2 else None,
                    "formVersion": ki_form.version,
                },
            }
        )
    with CentralServer(rows) as server:
        source = PullSource.objects.create(
            name="central",
            kind="central",
            base_url=server.url,
            remote_form="masar_ki",
            project=1,
            form_id=ki_form.form_id,
            username="im@example.org",
            secret_sealed=pulling.seal("pw"),
            created_by=personas["im_officer"],
        )
        result = pulling.pull(personas["im_officer"], source, page_size=2)
        again = pulling.pull(personas["im_officer"], source, page_size=2)
    assert (result.stored, result.applied) == (2, 2)
    assert server.filters[0] == ""
    assert server.filters[-1] == "__system/submissionDate ge 2026-06-03T08:00:00.000Z"
    assert (again.stored, again.already_had) == (0, 1)
    assert not Submission.objects.filter(instance_id="uuid:c-2").exists()


def test_the_command_pulls_with_the_token_from_the_environment(
    run_command,
    monkeypatch,
    personas,
    round_,  # noqa: F811
    ki_form,  # noqa: F811
):
    location_in("IQG15Q05N01", external_id="NIN-0206")
    monkeypatch.setenv("MASAR_KOBO_TOKEN", "secret")
    user = personas["im_officer"].username
    with KoboServer([ki_record(ki_form, round_, "NIN-0206", 1)]) as server:
        args = ["--source", "kobo", "--url", server.url, "--form", "aAbBcC"]
        args += ["--questionnaire", ki_form.form_id, "--as", user]
        code, out, _err = run_command("pull_submissions", *args)
        again = run_command("pull_submissions", *args)
    assert code == 0
    assert "stored: 1, already had: 0, applied: 1" in out
    assert again[0] == 0
    assert "stored: 0" in again[1]
    assert PullSource.objects.get().secret_sealed == ""


# The worker closes its database connection after each task: only committed data survives that.
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_pull_queued_from_the_page(client, personas, round_, ki_form, settings):  # noqa: F811
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    location_in("IQG15Q05N01", external_id="NIN-0204")
    client.force_login(personas["im_officer"])
    with KoboServer([ki_record(ki_form, round_, "NIN-0204", 1)]) as server:
        source = source_for(server, ki_form, personas["im_officer"])
        client.post("/collect/pulls/", {"pull": str(source.uid)})
        source.refresh_from_db()
        assert source.last_status == PullStatus.QUEUED
        assert not Submission.objects.exists()
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    source.refresh_from_db()
    assert source.last_status == PullStatus.DONE
    assert Submission.objects.get().status == "applied"
