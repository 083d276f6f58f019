"""The round's workflow through its page (issue 17, section 2): plausibility warnings
acknowledged before validation, publication by a second person with an optional embargo,
withdrawal with a reason, each step on the timeline; and the round's locations, paged,
searchable and exported. Only released rounds (published, past any embargo) reach others."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from masar.geo.tests.factories import location_in
from masar.tracking import queries
from masar.tracking.importing import Options, import_masterlist, load_layout
from masar.tracking.models import Figure, ImportBatch, Round, WarningAcknowledgement
from masar.tracking.workflow import ROUND_WORKFLOW

from .factories import release
from .files import write_csv

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 8, 1, 11, tzinfo=ZoneInfo("Asia/Baghdad"))
CHANGE = {
    "kind": "change",
    "location": "L-1",
    "population": "idp",
    "reason": "families changed from 10 to 90 since Round 132",
}
MISSING = {
    "kind": "missing",
    "population": "idp",
    "count": 1,
    "locations": ["L-9"],
    "reason": "1 location(s) of Round 132 are not in this file",
}
# A row-level warning: in the import report, not a plausibility warning to acknowledge.
ROW = {"row": 4, "column": "origin", "reason": "unknown origin; recorded as unknown"}


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def place(geography):
    return location_in("IQG15Q05N01", external_id="L-1", name_en="Tel Kaif")


@pytest.fixture
def round_(place, personas):
    round_ = Round.objects.create(start_date=date(2024, 5, 1), end_date=date(2024, 6, 30))
    batch = ImportBatch.objects.create(
        round=round_,
        kind="masterlist",
        filename="round-133.xlsx",
        checksum="c" * 64,
        outcome="imported",
        report={"warnings": [ROW, CHANGE, MISSING]},
        uploaded_by=personas["im_officer"],
    )
    Figure.objects.create(round=round_, location=place, population_type="idp", shelter="camp",
                          families=90, individuals=450, batch=batch)  # fmt: skip
    return round_


def url_of(round_):
    return f"/tracking/rounds/{round_.uid}/"


def post(client, round_, action, **data):
    round_.refresh_from_db()
    return client.post(url_of(round_), {"action": action, "version": round_.version, **data})


def acknowledge_all(client, round_):
    for warning in queries.unacknowledged_warnings(round_):
        answer = post(client, round_, "acknowledge", warning=warning["key"], note="Checked")
        assert answer.status_code == 302


def test_validation_waits_until_every_plausibility_warning_is_acknowledged(
    personas, round_, client
):
    officer = personas["im_officer"]
    client.force_login(officer)
    page = client.get(url_of(round_))
    listed = page.context["warnings"]
    assert [w["warning"]["kind"] for w in listed] == ["change", "missing"]
    html = page.content.decode()
    assert CHANGE["reason"] in html and MISSING["reason"] in html and ROW["reason"] not in html
    assert "correct the file and import it again" in html
    (validate,) = [o for o in page.context["options"] if o.action == "validate"]
    assert validate.missing == ["every plausibility warning acknowledged (2 left)"]

    refused = post(client, round_, "validate")
    assert refused.status_code == 400
    assert "every plausibility warning acknowledged (2 left)" in refused.content.decode()

    first = listed[0]["key"]
    no_note = post(client, round_, "acknowledge", warning=first, note="")
    assert no_note.status_code == 400
    assert "Say why the figures stand despite the warning." in no_note.content.decode()
    note = "A new camp opened in Tel Kaif in June"
    assert post(client, round_, "acknowledge", warning=first, note=note).status_code == 302
    again = post(client, round_, "acknowledge", warning=first, note="twice")
    assert again.status_code == 400 and "not open on this round" in again.content.decode()
    acknowledged = WarningAcknowledgement.objects.get()
    assert (acknowledged.index, acknowledged.actor, acknowledged.at) == (1, officer, NOW)
    assert acknowledged.note == note
    assert post(client, round_, "validate").status_code == 400

    acknowledge_all(client, round_)
    assert post(client, round_, "validate").status_code == 302
    page = client.get(url_of(round_))
    assert "Acknowledged" in page.content.decode() and note in page.content.decode()
    steps = [(e.action, e.from_status, e.to_status) for e in page.context["events"]]
    assert steps == [
        ("acknowledge", "draft", "draft"),
        ("acknowledge", "draft", "draft"),
        ("validate", "draft", "validated"),
    ]
    assert note in page.context["events"][0].reason


def test_only_tracking_managers_acknowledge_a_warning(personas, round_, client):
    warning = queries.unacknowledged_warnings(round_)[0]["key"]
    for persona in ("case_worker", "government", "enumerator"):
        client.force_login(personas[persona])
        answer = post(client, round_, "acknowledge", warning=warning, note="fine")
        assert answer.status_code == 404, persona
    assert not WarningAcknowledgement.objects.exists()


def test_the_validator_cannot_also_publish_a_second_person_does(personas, round_, client):
    client.force_login(personas["im_officer"])
    acknowledge_all(client, round_)
    assert post(client, round_, "validate").status_code == 302
    page = client.get(url_of(round_))
    (publish,) = [o for o in page.context["options"] if o.action == "publish"]
    reason = "a second person: im validated the round and cannot also publish it"
    assert publish.missing == [reason]
    refused = post(client, round_, "publish")
    assert refused.status_code == 400 and reason in refused.content.decode()
    round_.refresh_from_db()
    assert round_.status == "validated"

    client.force_login(personas["admin"])
    assert post(client, round_, "publish").status_code == 302
    page = client.get(url_of(round_))
    steps = [(e.action, e.actor.username) for e in page.context["events"]][-2:]
    assert steps == [("validate", "im"), ("publish", "root")]
    round_.refresh_from_db()
    assert (round_.status, round_.embargo_until) == ("published", None)


def test_publishing_a_round_again_after_a_correction_needs_a_second_person_again(personas, round_):
    officer, admin = personas["im_officer"], personas["admin"]
    for warning in queries.unacknowledged_warnings(round_):
        ROUND_WORKFLOW.run(
            officer, round_, "acknowledge", {"warning": warning["key"], "note": "ok"}
        )
    round_ = release(round_, officer, publisher=admin)
    round_ = ROUND_WORKFLOW.run(admin, round_, "withdraw", {"reason": "Ninewa double-counted"})
    round_ = ROUND_WORKFLOW.run(admin, round_, "reopen", {"reason": "Correcting Ninewa"})
    round_ = ROUND_WORKFLOW.run(admin, round_, "validate")
    options = {o.action: o.missing for o in ROUND_WORKFLOW.options(admin, round_)}
    assert options["publish"] == [
        "a second person: root validated the round and cannot also publish it"
    ]
    assert ROUND_WORKFLOW.run(officer, round_, "publish").status == "published"


def _released(personas, round_) -> Round:
    officer = personas["im_officer"]
    for warning in queries.unacknowledged_warnings(round_):
        ROUND_WORKFLOW.run(
            officer, round_, "acknowledge", {"warning": warning["key"], "note": "ok"}
        )
    return ROUND_WORKFLOW.run(officer, round_, "validate")


def _others_see(client, api_as, user, round_) -> dict:
    client.force_login(user)
    listed = {r["uid"] for r in api_as(user).get("/api/v1/rounds/").json()["results"]}
    return {
        "page": client.get(url_of(round_)).status_code,
        "csv": client.get(f"{url_of(round_)}locations.csv").status_code,
        "list": round_ in client.get("/tracking/").context["rounds"],
        "api": str(round_.uid) in listed,
        "series": [s["date"] for s in queries.national_series(user)],
    }


def test_an_embargoed_round_reaches_others_only_from_its_embargo_date(
    personas, round_, client, api_as
):
    round_ = _released(personas, round_)
    admin, worker = personas["admin"], personas["case_worker"]
    client.force_login(admin)
    refused = post(client, round_, "publish", embargo_until="2024-08-01")
    assert refused.status_code == 400
    assert "An embargo ends on a day after today" in refused.content.decode()
    assert post(client, round_, "publish", embargo_until="2024-08-15").status_code == 302
    round_.refresh_from_db()
    assert (round_.status, round_.embargo_until) == ("published", date(2024, 8, 15))
    page = client.get(url_of(round_)).content.decode()
    assert 'id="embargo">Embargoed until 2024-08-15' in page
    assert "Embargoed until 2024-08-15" in client.get(url_of(round_)).context["events"][-1].reason

    hidden = {"page": 404, "csv": 404, "list": False, "api": False, "series": []}
    assert _others_see(client, api_as, worker, round_) == hidden
    assert _others_see(client, api_as, personas["government"], round_) == hidden
    client.force_login(admin)
    assert "Embargoed until 2024-08-15" in client.get("/tracking/").content.decode()
    # The IM unit sees it all along, in the series too.
    assert _others_see(client, api_as, personas["im_officer"], round_)["series"] == [
        round_.end_date
    ]
    with time_machine.travel(datetime(2024, 8, 14, 23, 59, tzinfo=ZoneInfo("Asia/Baghdad"))):
        assert _others_see(client, api_as, worker, round_) == hidden
    with time_machine.travel(datetime(2024, 8, 15, 0, 1, tzinfo=ZoneInfo("Asia/Baghdad"))):
        seen = {"page": 200, "csv": 200, "list": True, "api": True, "series": [round_.end_date]}
        assert _others_see(client, api_as, worker, round_) == seen
        client.force_login(admin)
        assert 'id="embargo"' not in client.get(url_of(round_)).content.decode()


def test_a_withdrawn_round_stops_reaching_others_and_its_reason_is_on_the_timeline(
    personas, round_, client, api_as
):
    round_ = _released(personas, round_)
    admin, worker = personas["admin"], personas["case_worker"]
    round_ = ROUND_WORKFLOW.run(admin, round_, "publish")
    assert _others_see(client, api_as, worker, round_)["page"] == 200

    client.force_login(admin)
    no_reason = post(client, round_, "withdraw", reason="")
    assert no_reason.status_code == 400
    assert "Give the reason for withdrawing the round." in no_reason.content.decode()
    why = "Camp figures in Ninewa double-counted a closed camp"
    assert post(client, round_, "withdraw", reason=why).status_code == 302
    page = client.get(url_of(round_))
    assert page.context["round"].get_status_display() == "Withdrawn"
    last = page.context["events"][-1]
    assert (last.action, last.actor, last.reason, last.at) == ("withdraw", admin, why, NOW)
    assert why in page.content.decode()
    assert [o.action for o in page.context["options"]] == ["reopen"]

    hidden = {"page": 404, "csv": 404, "list": False, "api": False, "series": []}
    assert _others_see(client, api_as, worker, round_) == hidden
    assert page.context["round"] in queries.rounds_visible_to(personas["im_officer"])
    assert not queries.rounds_visible_to(worker).exists()

    client.force_login(admin)
    assert post(client, round_, "reopen", reason="Correcting the camp").status_code == 302
    round_.refresh_from_db()
    assert round_.status == "draft"


def test_the_timeline_shows_every_step_with_who_when_and_why(personas, round_, client):
    round_ = _released(personas, round_)
    admin = personas["admin"]
    round_ = ROUND_WORKFLOW.run(admin, round_, "publish", {"embargo_until": "2024-09-01"})
    round_ = ROUND_WORKFLOW.run(admin, round_, "withdraw", {"reason": "Wrong camp figures"})
    client.force_login(admin)
    page = client.get(url_of(round_))
    shown = [(e.action, e.actor.username, e.at) for e in page.context["events"]]
    assert shown == [
        ("acknowledge", "im", NOW),
        ("acknowledge", "im", NOW),
        ("validate", "im", NOW),
        ("publish", "root", NOW),
        ("withdraw", "root", NOW),
    ]
    timeline = page.content.decode().split('id="round-events"')[1].split("</ol>")[0]
    for text in ("Acknowledge", "Validate", "Publish", "Withdraw", "Wrong camp figures",
                 "Embargoed until 2024-09-01", CHANGE["reason"]):  # fmt: skip
        assert text in timeline, text


@pytest.fixture
def many_places(geography):
    """60 locations in Ninewa and 3 in Anbar, all in one published round."""
    ninewa = [
        location_in("IQG15Q05N01", external_id=f"NIN-{n:03d}", name_en=f"Village {n}")
        for n in range(60)
    ]
    anbar = [
        location_in("IQG01Q01N01", external_id=f"ANB-{n}", name_en=f"Anbar town {n}")
        for n in range(3)
    ]
    ninewa[0].name_en = "=HYPERLINK(1)"
    ninewa[0].save()
    return ninewa + anbar


@pytest.fixture
def big_round(many_places, personas):
    round_ = Round.objects.create(start_date=date(2024, 3, 1), end_date=date(2024, 4, 30))
    for n, place in enumerate(many_places):
        Figure.objects.create(round=round_, location=place, population_type="idp",
                              shelter="camp", families=n + 1, individuals=(n + 1) * 5)  # fmt: skip
        Figure.objects.create(round=round_, location=place, population_type="returnee",
                              shelter="own_house", families=2, individuals=12)  # fmt: skip
    return release(round_, personas["im_officer"])


def test_the_round_page_lists_its_locations_paged_and_searchable(personas, big_round, client):
    client.force_login(personas["im_officer"])
    url = url_of(big_round)
    first = client.get(url).context["locations"]
    assert (first.paginator.count, len(first.object_list), first.paginator.num_pages) == (63, 50, 2)
    assert first[0]["location__external_id"] == "ANB-0"
    second = client.get(url, {"page": 2})
    assert len(second.context["locations"].object_list) == 13
    assert "Page 2 of 2" in second.content.decode()
    (row,) = client.get(url, {"q": "NIN-007"}).context["locations"]
    assert (row["idp_families"], row["idp_individuals"]) == (8, 40)
    assert (row["returnee_families"], row["returnee_individuals"]) == (2, 12)
    by_name = client.get(url, {"q": "anbar town"}).context["locations"]
    assert [r["location__external_id"] for r in by_name] == ["ANB-0", "ANB-1", "ANB-2"]
    by_pcode = client.get(url, {"q": "IQG01"}).context["locations"]
    assert by_pcode.paginator.count == 3
    nothing = client.get(url, {"q": "nowhere"})
    assert nothing.context["locations"].paginator.count == 0
    assert "No locations." in nothing.content.decode()
    # Beyond the last page: the last page.
    assert client.get(url, {"page": 99}).context["locations"].number == 2


def test_others_see_the_locations_their_grants_reach(personas, big_round, client):
    client.force_login(personas["case_worker"])  # Ninewa only
    page = client.get(url_of(big_round)).context["locations"]
    assert page.paginator.count == 60
    export = client.get(f"{url_of(big_round)}locations.csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 2 + 60 and not any(r[0].startswith("ANB") for r in rows[2:])


def test_the_locations_export_as_a_streamed_csv(personas, big_round, client):
    client.force_login(personas["im_officer"])
    export = client.get(f"{url_of(big_round)}locations.csv")
    assert export.status_code == 200 and export.streaming
    assert export["Content-Type"].startswith("text/csv")
    assert export["Content-Disposition"] == 'attachment; filename="round-202404-locations.csv"'
    text = b"".join(export.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:2] == ["location_id", "name"] and rows[1][0] == "#loc+code"
    assert len(rows) == 2 + 63
    by_id = {r[0]: r for r in rows[2:]}
    assert by_id["NIN-007"][5:] == ["8", "40", "2", "12"]
    # A name a spreadsheet would run as a formula is neutralised.
    assert by_id["NIN-000"][1] == "'=HYPERLINK(1)"
    searched = client.get(f"{url_of(big_round)}locations.csv", {"q": "anbar"})
    lines = b"".join(searched.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 2 + 3


def test_out_of_scope_users_reach_no_page_of_an_unreleased_round(personas, round_, client):
    for path in ("", "locations.csv"):
        client.logout()
        assert client.get(f"{url_of(round_)}{path}").status_code == 302  # to sign in
        for persona in ("case_worker", "government", "partner", "enumerator"):
            client.force_login(personas[persona])
            assert client.get(f"{url_of(round_)}{path}").status_code == 404, (persona, path)
    client.force_login(personas["im_officer"])
    assert client.get(f"{url_of(round_)}locations.csv").status_code == 200


def test_the_warnings_of_a_real_import_hold_its_validation_back(personas, geography, tmp_path):
    """Importing a file whose families jumped since the previous round: the import's own
    plausibility warning is the one to acknowledge."""
    officer = personas["im_officer"]
    fields = ("location_id", "population", "governorate", "location_name", "latitude", "longitude")
    layout = load_layout("masar")
    header = [layout.fields[f].header for f in fields] + [layout.shelters["own_house"][0].header]
    for n, (start, end, families) in enumerate(
        [(date(2024, 1, 1), date(2024, 2, 29), 20), (date(2024, 3, 1), date(2024, 4, 30), 200)]
    ):
        row = ["X-1", "returnee", "Ninewa", "Hamdaniya centre", 36.3, 43.1, families]
        path = write_csv(tmp_path / f"round-{n}.csv", [header, row])
        report = import_masterlist(path, Options(round_start=start, round_end=end), user=officer)
        assert report["outcome"] == "imported", report
    later = Round.objects.get(start_date=date(2024, 3, 1))
    (warning,) = queries.plausibility_warnings(later)
    assert warning["warning"]["kind"] == "change"
    options = {o.action: o.missing for o in ROUND_WORKFLOW.options(officer, later)}
    assert options["validate"] == ["every plausibility warning acknowledged (1 left)"]
    data = {"warning": warning["key"], "note": "A returnee wave, confirmed by phone"}
    later = ROUND_WORKFLOW.run(officer, later, "acknowledge", data)
    assert ROUND_WORKFLOW.run(officer, later, "validate").status == "validated"
