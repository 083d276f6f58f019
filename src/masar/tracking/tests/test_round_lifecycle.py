"""The round lifecycle table, transition by transition — through the workflow, the round page,
the API and the `transition_round` command — and what an unpublished round hides from whom."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from masar.core.workflow import GuardsUnmet, InvalidInput, Stale
from masar.geo.tests.factories import location_in
from masar.tracking import queries
from masar.tracking.models import AreaFigure, Figure, Round
from masar.tracking.workflow import ROUND_WORKFLOW

from .factories import release

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 8, 1, 11, tzinfo=ZoneInfo("Asia/Baghdad"))
REOPEN = {"reason": "Camp figures double-counted"}
# (action, the actions that lead to its source status, its input, the status it reaches)
TABLE = [
    ("validate", (), {}, "validated"),
    ("publish", ("validate",), {}, "published"),
    ("withdraw", ("validate", "publish"), REOPEN, "withdrawn"),
    ("reopen", ("validate",), REOPEN, "draft"),
    ("reopen", ("validate", "publish", "withdraw"), REOPEN, "draft"),
]
MANAGERS = ["im_officer", "admin"]
OTHERS = ["case_worker", "supervisor", "enumerator", "government", "cfm_officer", "partner"]


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def place(geography):
    return location_in("IQG15Q05N01", external_id="L-1")


def new_round(place, start=date(2024, 5, 1), end=date(2024, 6, 30), families=10) -> Round:
    round_ = Round.objects.create(start_date=start, end_date=end, number=133)
    Figure.objects.create(round=round_, location=place, population_type="idp", shelter="camp",
                          families=families, individuals=families * 5)  # fmt: skip
    return round_


@pytest.fixture
def round_(place):
    return new_round(place)


def other_manager(manager):
    """The other tracking manager of the personas: the second person of a release."""
    return get_user_model().objects.get(username="root" if manager.username != "root" else "im")


def walk(round_: Round, manager, *path: str) -> Round:
    """Take the actions in turn: the validation by the other manager, the rest by `manager`
    (who may then publish: two people release a round)."""
    for action in path:
        user = other_manager(manager) if action == "validate" else manager
        data = REOPEN if action in ("reopen", "withdraw") else {}
        round_ = ROUND_WORKFLOW.run(user, round_, action, data)
    return round_


@pytest.mark.parametrize("manager", MANAGERS)
@pytest.mark.parametrize(("action", "path", "data", "target"), TABLE)
def test_each_transition_moves_the_round_and_records_who_when_and_why(
    action, path, data, target, manager, personas, round_
):
    user = personas[manager]
    round_ = walk(round_, user, *path)
    before = round_.status
    done = ROUND_WORKFLOW.run(user, round_, action, data)
    assert done.status == target and done.version == round_.version + 1
    event = done.events.last()
    assert (event.action, event.from_status, event.to_status) == (action, before, target)
    assert (event.actor, event.at, event.reason) == (user, NOW, data.get("reason", ""))
    assert done.updated_at == NOW


@pytest.mark.parametrize("other", OTHERS)
@pytest.mark.parametrize(("action", "path"), [("validate", ()), ("publish", ("validate",))])
def test_only_tracking_managers_move_a_round(action, path, other, personas, round_):
    round_ = walk(round_, personas["im_officer"], *path)
    with pytest.raises(PermissionDenied):
        ROUND_WORKFLOW.run(personas[other], round_, action)
    round_.refresh_from_db()
    assert round_.events.count() == len(path)


@pytest.mark.parametrize(
    ("action", "path"),
    [
        ("publish", ()),
        ("reopen", ()),
        ("withdraw", ()),
        ("withdraw", ("validate",)),
        ("reopen", ("validate", "publish")),
        ("validate", ("validate",)),
        ("validate", ("validate", "publish")),
        ("publish", ("validate", "publish")),
    ],
)
def test_a_transition_is_refused_from_a_status_it_does_not_leave(action, path, personas, round_):
    manager = personas["im_officer"]
    round_ = walk(round_, manager, *path)
    with pytest.raises(ValidationError) as refused:
        ROUND_WORKFLOW.run(manager, round_, action, REOPEN)
    assert refused.value.code == "state"


def test_a_round_without_figures_cannot_be_validated(personas, geography):
    empty = Round.objects.create(start_date=date(2024, 1, 1), end_date=date(2024, 2, 29))
    manager = personas["im_officer"]
    with pytest.raises(GuardsUnmet) as refused:
        ROUND_WORKFLOW.run(manager, empty, "validate")
    assert refused.value.missing == ["figures imported into the round"]
    AreaFigure.objects.create(
        round=empty, area=geography.get(pcode="IQ"), population_type="idp", individuals=10
    )
    assert ROUND_WORKFLOW.run(manager, empty, "validate").status == "validated"


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_reopening_needs_a_written_reason(reason, personas, round_):
    manager = personas["im_officer"]
    round_ = walk(round_, manager, "validate")
    with pytest.raises(InvalidInput, match="Give the reason for reopening"):
        ROUND_WORKFLOW.run(manager, round_, "reopen", {} if reason is None else {"reason": reason})
    round_.refresh_from_db()
    assert round_.status == "validated"


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_withdrawing_needs_a_written_reason(reason, personas, round_):
    manager = personas["im_officer"]
    round_ = walk(round_, manager, "validate", "publish")
    with pytest.raises(InvalidInput, match="Give the reason for withdrawing"):
        ROUND_WORKFLOW.run(
            manager, round_, "withdraw", {} if reason is None else {"reason": reason}
        )
    round_.refresh_from_db()
    assert round_.status == "published"


def test_a_stale_version_is_refused(personas, round_):
    manager = personas["im_officer"]
    walk(round_, manager, "validate")
    with pytest.raises(Stale):
        ROUND_WORKFLOW.run(manager, round_, "publish", expected_version=1)


def test_the_im_officer_moves_the_round_on_its_page(personas, round_, client):
    client.force_login(personas["im_officer"])
    url = f"/tracking/rounds/{round_.uid}/"
    page = client.get(url)
    assert [o.action for o in page.context["options"]] == ["validate"]
    assert client.post(url, {"action": "validate", "version": 1}).status_code == 302
    refused = client.post(url, {"action": "reopen", "version": 2, "reason": ""})
    assert refused.status_code == 400
    assert "Give the reason for reopening the round." in refused.content.decode()
    late = {"action": "reopen", "reason": "Late forms"}
    stale = client.post(url, {**late, "version": 1})
    assert stale.status_code == 400 and "changed by someone else" in stale.content.decode()
    assert client.post(url, {**late, "version": 2}).status_code == 302
    page = client.get(url)
    assert [e.action for e in page.context["events"]] == ["validate", "reopen"]
    assert "Late forms" in page.content.decode()
    round_.refresh_from_db()
    assert (round_.status, round_.version) == ("draft", 3)


def test_others_reach_only_published_rounds_and_cannot_move_them(personas, round_, client):
    client.force_login(personas["case_worker"])
    url = f"/tracking/rounds/{round_.uid}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "validate"}).status_code == 404
    release(round_, personas["im_officer"])
    page = client.get(url)
    assert page.status_code == 200 and page.context["options"] == []
    assert page.context["events"] == []
    assert client.post(url, {"action": "withdraw", "reason": "x"}).status_code == 403
    round_.refresh_from_db()
    assert round_.status == "published"


def test_the_api_runs_the_same_table(personas, round_, api_as):
    url = f"/api/v1/rounds/{round_.uid}/transitions/"
    api = api_as(personas["im_officer"])
    validated = api.post(url, {"action": "validate", "version": 1}, format="json")
    assert validated.status_code == 200 and validated.json()["status"] == "validated"
    assert validated.json()["version"] == 2
    stale = api.post(url, {"action": "publish", "version": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    wrong_state = api.post(url, {"action": "validate"}, format="json")
    assert wrong_state.status_code == 400 and wrong_state.json()["code"] == "state"
    no_reason = api.post(url, {"action": "reopen", "data": {}}, format="json")
    assert no_reason.status_code == 400 and list(no_reason.json()["errors"]) == ["reason"]
    unknown = api.post(url, {"action": "archive"}, format="json")
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown"
    malformed = api.post(url, {"action": "publish", "version": "two"}, format="json")
    assert malformed.status_code == 400
    same_person = api.post(url, {"action": "publish", "version": 2}, format="json")
    assert same_person.status_code == 400 and same_person.json()["code"] == "guards"
    second = api_as(personas["admin"])
    published = second.post(url, {"action": "publish", "version": 2}, format="json")
    assert published.json()["status"] == "published"


def test_the_api_refuses_a_guard_others_and_unknown_rounds(personas, round_, geography, api_as):
    empty = Round.objects.create(start_date=date(2024, 1, 1), end_date=date(2024, 2, 29))
    manager = api_as(personas["im_officer"])
    guarded = manager.post(f"/api/v1/rounds/{empty.uid}/transitions/", {"action": "validate"})
    assert guarded.status_code == 400 and guarded.json()["code"] == "guards"
    assert guarded.json()["unmet"] == ["figures imported into the round"]
    url = f"/api/v1/rounds/{round_.uid}/transitions/"
    worker = api_as(personas["case_worker"])
    assert worker.post(url, {"action": "validate"}).status_code == 404
    release(round_, personas["im_officer"])
    withdraw = {"action": "withdraw", "data": {"reason": "x"}}
    assert worker.post(url, withdraw, format="json").status_code == 403
    malformed_id = "/api/v1/rounds/not-a-uuid/transitions/"
    assert manager.post(malformed_id, {"action": "publish"}).status_code == 404
    assert api_as().post(url, {"action": "reopen"}).status_code in (401, 403)


def test_the_command_moves_a_round_by_its_period(personas, round_, run_command):
    period = "2024-05-01..2024-06-30"
    code, out, _err = run_command("transition_round", period, "validate", "--user", "im")
    assert code == 0 and out.strip() == f"{round_}: Draft → Validated."
    assert run_command("transition_round", str(round_.uid), "publish", "--user", "root")[0] == 0
    code, _out, err = run_command("transition_round", "2024-06-30", "withdraw", "--user", "im")
    assert code == 2 and "Give the reason for withdrawing the round." in err
    code, out, _err = run_command(
        "transition_round", "133", "withdraw", "--user", "im", "--reason", "Late forms"
    )
    assert code == 0 and "Published → Withdrawn" in out
    round_.refresh_from_db()
    events = [(e.action, e.actor.username, e.reason) for e in round_.events.all()]
    assert events == [
        ("validate", "im", ""),
        ("publish", "root", ""),
        ("withdraw", "im", "Late forms"),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2024-06-30", "publish", "--user", "im"), "not possible"),
        (("2024-06-30", "validate", "--user", "cw_ninewa"), "cannot do this"),
        (("2024-06-30", "validate", "--user", "nobody"), "No active user"),
        (("2023-06-30", "validate", "--user", "im"), "no round matches"),
        (("next-year", "validate", "--user", "im"), "not a round"),
    ],
)
def test_the_command_refuses_with_exit_code_2(args, message, personas, round_, run_command):
    code, _out, err = run_command("transition_round", *args)
    assert code == 2 and message in err
    round_.refresh_from_db()
    assert round_.status == "draft"


def test_the_command_asks_for_the_period_when_a_number_repeats(
    personas, round_, place, run_command
):
    new_round(place, start=date(2024, 7, 1), end=date(2024, 8, 31))
    code, _out, err = run_command("transition_round", "133", "validate", "--user", "im")
    assert code == 2 and "several rounds match" in err


def test_only_published_rounds_reach_series_comparisons_and_figures_of_others(
    personas, place, client, api_as
):
    manager = personas["im_officer"]
    published = release(new_round(place, families=10), manager)
    validated = release(
        new_round(place, date(2024, 7, 1), date(2024, 8, 31), families=20), manager, publish=False
    )
    draft = new_round(place, date(2024, 9, 1), date(2024, 10, 31), families=30)
    pairs = {"published": published, "validated": validated, "draft": draft}
    for role in ("case_worker", "government", "admin", "im_officer"):
        user = personas[role]
        manages = role in MANAGERS
        sees = set(pairs) if manages else {"published"}
        client.force_login(user)
        api = api_as(user)
        listed = {r["uid"] for r in api.get("/api/v1/rounds/").json()["results"]}
        assert listed == {str(pairs[s].uid) for s in sees}, role
        series = queries.national_series(user)
        assert {(s["date"], s["status"]) for s in series} == {
            (pairs[s].end_date, s) for s in sees
        }, role
        page = client.get("/tracking/series/").content.decode()
        assert ("Draft" in page) == manages and ("Validated" in page) == manages
        for status, round_ in pairs.items():
            expected = 200 if status in sees else 404
            figures = api.get("/api/v1/figures/", {"round": str(round_.uid), "level": "country"})
            assert figures.status_code == expected, (role, status)
            compare = client.get(
                "/tracking/compare/", {"a": str(published.uid), "b": str(round_.uid)}
            )
            assert compare.status_code == expected, (role, status)
            assert client.get(f"/tracking/rounds/{round_.uid}/").status_code == expected
        history = api.get(f"/api/v1/location-histories/{place.uid}/").json()
        assert {h["status"] for h in history} == sees, role
        rounds = client.get("/tracking/").context["rounds"]
        assert {r.status for r in rounds} == sees, role
    client.force_login(manager)
    compare = client.get("/tracking/compare/", {"a": str(published.uid), "b": str(draft.uid)})
    assert "Draft" in compare.content.decode()
