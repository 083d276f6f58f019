"""Malformed input answers 400 or 404, never 500, and leaves the database as it was.

Each row of `ROWS` is one request: who is signed in (a persona, or None), the method, the URL,
the payload (form or JSON fields; a `File` is uploaded), the status expected and, for a 400, a
piece of the message that says what is wrong. A `{name}` in a URL stands for the public UUID of
a record that `RECORDS` makes for that row. Rows for every detail route of the API router are
added from the router itself, so that a new viewset is covered without a new row.
"""

from __future__ import annotations

import string
from datetime import date
from typing import NamedTuple

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver
from django.urls.converters import UUIDConverter

from masar.api import urls as api_urls
from masar.cases.tests.factories import register
from masar.geo.tests.factories import location_in
from masar.tracking.models import EmergencyEvent, Round

pytestmark = pytest.mark.django_db

NOT_A_UUID = "not-a-uuid"
UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000"
EVENT_PAGE = "/tracking/emergencies/{event}/"
UPDATES_HEADER = (
    "location_id,date,families_displaced,individuals_displaced,families_returned,"
    "individuals_returned\n"
)
NOT_TWO_ROUNDS = "does not name two rounds"
UTF8_ONLY = "must be a UTF-8 CSV file"
TOO_LARGE = "less than or equal to"


class File(NamedTuple):
    name: str
    content: bytes


class Row(NamedTuple):
    who: str | None
    method: str
    url: str
    payload: dict | list | None
    status: int
    says: str = ""


def emergency_event(personas) -> EmergencyEvent:
    """An event, and the location S-1 that its updates name."""
    location_in("IQG15Q05N01", external_id="S-1")
    return EmergencyEvent.objects.create(name="Floods", cause="flood", start_date=date(2024, 6, 1))


RECORDS = {
    "round": lambda personas: Round.objects.create(
        start_date=date(2024, 1, 1), end_date=date(2024, 2, 29)
    ),
    "event": emergency_event,
    "household": lambda personas: register(personas["case_worker"]),
}


def updates_upload(name: str, content: bytes) -> dict:
    """The event page's CSV upload form."""
    return {"upload": "1", "file": File(name, content)}


def updates_csv(row: str) -> str:
    return UPDATES_HEADER + row + "\n"


ROWS = [
    # The figures endpoint's query parameters.
    Row("im_officer", "get", f"/api/v1/figures/?round={NOT_A_UUID}", None, 400, "valid UUID"),
    Row("im_officer", "get", "/api/v1/figures/", None, 400, "required"),
    Row("im_officer", "get", "/api/v1/figures/?round=", None, 400, "valid UUID"),
    Row("im_officer", "get", f"/api/v1/figures/?round={UNKNOWN_UUID}", None, 404),
    Row(
        "im_officer", "get", "/api/v1/figures/?round={round}&level=town", None, 400, "valid choice"
    ),
    Row(
        "im_officer",
        "get",
        "/api/v1/figures/?round={round}&population=x",
        None,
        400,
        "valid choice",
    ),
    # Filters and identifiers of the other endpoints.
    Row("im_officer", "get", f"/api/v1/index-results/?round={NOT_A_UUID}", None, 400, "valid UUID"),
    Row("im_officer", "get", f"/api/v1/index-results/?location={NOT_A_UUID}", None, 400),
    Row("im_officer", "get", f"/api/v1/hotspots/?round={NOT_A_UUID}", None, 400, "valid UUID"),
    Row("im_officer", "get", "/api/v1/areas/?level=one", None, 400, "Enter a number"),
    Row("im_officer", "get", "/api/v1/index-results/99999999999999999999/", None, 404),
    Row("case_worker", "get", f"/api/v1/households/{NOT_A_UUID}.json", None, 404),
    Row("case_worker", "get", f"/api/v1/households/{UNKNOWN_UUID}/", None, 404),
    Row(
        "case_worker",
        "post",
        "/api/v1/households/{household}/payments/",
        {"purpose": "lottery"},
        400,
        "Unknown payment purpose",
    ),
    # The round comparison page.
    Row("im_officer", "get", "/tracking/compare/", None, 400, NOT_TWO_ROUNDS),
    Row("im_officer", "get", "/tracking/compare/?a=bad&b=bad", None, 400, NOT_TWO_ROUNDS),
    Row("im_officer", "get", "/tracking/compare/?a={round}&b=bad", None, 400, NOT_TWO_ROUNDS),
    Row("im_officer", "get", "/tracking/compare/?a=bad&b={round}", None, 400, NOT_TWO_ROUNDS),
    Row("im_officer", "get", "/tracking/compare/?b={round}", None, 400, NOT_TWO_ROUNDS),
    Row("im_officer", "get", f"/tracking/compare/?a={UNKNOWN_UUID}&b={{round}}", None, 404),
    # Pages with an identifier in the path.
    Row("case_worker", "get", f"/cases/{NOT_A_UUID}/", None, 404),
    Row("im_officer", "get", f"/tracking/rounds/{NOT_A_UUID}/", None, 404),
    Row("supervisor", "get", "/duplicates/99999999999999999999/", None, 404),
    # Emergency updates: the CSV upload and the form on the event's page, and the API.
    Row(
        "im_officer",
        "post",
        EVENT_PAGE,
        updates_upload(
            "arabic-windows.csv", updates_csv("بغداد,2024-06-15,2,12,1,6").encode("cp1256")
        ),
        400,
        UTF8_ONLY,
    ),
    Row(
        "im_officer",
        "post",
        EVENT_PAGE,
        updates_upload(
            "latin-1.csv", updates_csv("Qaraqosh-é,2024-06-15,2,12,1,6").encode("latin-1")
        ),
        400,
        UTF8_ONLY,
    ),
    Row(
        "im_officer",
        "post",
        EVENT_PAGE,
        updates_upload("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\xff\xfe"),
        400,
        UTF8_ONLY,
    ),
    Row(
        "im_officer",
        "post",
        EVENT_PAGE,
        updates_upload("nul.csv", updates_csv("S-1,2024-06-15,2\x00,12,1,6").encode()),
        400,
        "row 2",
    ),
    Row(
        "im_officer",
        "post",
        EVENT_PAGE,
        updates_upload(
            "huge.csv", updates_csv("S-1,2024-06-15,99999999999999999999,1,1,1").encode()
        ),
        400,
        TOO_LARGE,
    ),
    Row(
        "im_officer",
        "post",
        EVENT_PAGE,
        updates_upload(
            "huge-second-row.csv",
            updates_csv(
                "S-1,2024-06-15,2,12,1,6\nS-1,2024-06-16,1,99999999999999999999,0,0"
            ).encode(),
        ),
        400,
        "row 3",
    ),
    Row(
        "im_officer",
        "post",
        EVENT_PAGE,
        updates_upload("long-field.csv", updates_csv("S-1," + "9" * 200_000).encode()),
        400,
        "cannot be read as CSV",
    ),
    Row(
        "im_officer",
        "post",
        EVENT_PAGE,
        updates_upload("nowhere.csv", updates_csv("nowhere,2024-06-15,2,12,1,6").encode()),
        400,
        "Unknown location id",
    ),
    Row("im_officer", "post", EVENT_PAGE, {"upload": "1"}, 400, "required"),
    Row(
        "im_officer",
        "post",
        EVENT_PAGE,
        {
            "update": "1",
            "location": "S-1",
            "reported_on": "2024-06-08",
            "families_displaced": 10**20,
            "individuals_displaced": 0,
            "families_returned": 0,
            "individuals_returned": 0,
        },
        400,
        TOO_LARGE,
    ),
    Row(
        "im_officer",
        "post",
        "/api/v1/emergencies/{event}/updates/",
        {"location": "S-1", "reported_on": "2024-06-08", "families_displaced": 10**20},
        400,
        TOO_LARGE,
    ),
]


TRANSITIONS = "/api/v1/households/{household}/transitions/"


def assess(data) -> dict:
    return {"action": "assess", "data": data}


# Workflow input: every transition's form validates it, for the API as for the pages.
ROWS += [
    Row("case_worker", "post", TRANSITIONS, assess({"assessed_on": "31/12/2026"}), 400, "date"),
    Row("case_worker", "post", TRANSITIONS, assess({"assessed_on": 12}), 400, "valid date"),
    Row("case_worker", "post", TRANSITIONS, assess({"needs": "x"}), 400, "object of sectors"),
    Row(
        "case_worker",
        "post",
        TRANSITIONS,
        assess({"needs": {"shelter": "bad"}}),
        400,
        "object with a severity",
    ),
    Row(
        "case_worker",
        "post",
        TRANSITIONS,
        assess({"needs": {"shelter": {"severity": "high"}}}),
        400,
        "valid choice",
    ),
    Row(
        "case_worker", "post", TRANSITIONS, assess({"needs": {"roads": {}}}), 400, "Unknown sector"
    ),
    Row("case_worker", "post", TRANSITIONS, assess({"assessed_on": "2099-01-01"}), 400, "future"),
    Row("case_worker", "post", TRANSITIONS, {"action": "fly", "data": {}}, 400, "Unknown action"),
    Row("case_worker", "post", TRANSITIONS, {"action": "assess", "data": "x"}, 400, "dictionary"),
    Row("case_worker", "post", TRANSITIONS, {"action": "assess", "version": "v"}, 400, "integer"),
    Row("case_worker", "post", TRANSITIONS, [1, 2], 400, ""),
    Row(
        "case_worker",
        "post",
        "/cases/{household}/do/assess/",
        {"version": "1", "assessed_on": "31/12/2026"},
        400,
        "valid date",
    ),
    Row("case_worker", "post", "/cases/{household}/do/assess/", {"version": "x"}, 400, "number"),
    Row("case_worker", "post", "/api/v1/households/{household}/payments/", [1], 400, ""),
]


def detail_route_rows() -> list[Row]:
    """One row per method of every API route that takes an identifier, given a malformed one."""
    router = api_urls.router
    rows = []
    for prefix, viewset, _basename in router.registry:
        for route in router.get_routes(viewset):
            if not route.detail:
                continue
            path = route.url.strip("^$").format(
                prefix=prefix, lookup=NOT_A_UUID, trailing_slash="/"
            )
            for method in router.get_method_map(viewset, route.mapping):
                if method in viewset.http_method_names:
                    rows.append(Row("admin", method, f"/api/v1/{path}", None, 404))
    return rows


def row_id(row: Row) -> str:
    if not isinstance(row.payload, dict):
        return " ".join([row.who or "anonymous", row.method.upper(), row.url, repr(row.payload)])
    files = [value.name for value in row.payload.values() if isinstance(value, File)]
    data = [] if files or row.url.startswith("/tracking") else [repr(row.payload)[:60]]
    return " ".join([row.who or "anonymous", row.method.upper(), row.url, *files, *data])


def row_counts() -> dict[str, int]:
    """Rows per Masar model, but for the API token each API request's client is given."""
    return {
        model._meta.label: model._default_manager.count()
        for config in apps.get_app_configs()
        if config.name.startswith("masar.")
        for model in config.get_models()
        if model._meta.label != "api.ApiToken"
    }


def send(row: Row, user, client, api_as, records: dict):
    url = row.url.format(**{name: record.uid for name, record in records.items()})
    if isinstance(row.payload, list):
        return api_as(user).post(url, row.payload, format="json")
    payload = {
        key: SimpleUploadedFile(value.name, value.content) if isinstance(value, File) else value
        for key, value in (row.payload or {}).items()
    }
    if url.startswith("/api/"):
        http = api_as(user)
        uploads = any(isinstance(value, File) for value in (row.payload or {}).values())
        extra = {} if row.method == "get" else {"format": "multipart" if uploads else "json"}
    else:
        http, extra = client, {}
        if user is not None:
            client.force_login(user)
    http.raise_request_exception = False
    return getattr(http, row.method)(url, payload or None, **extra)


@pytest.mark.parametrize("row", ROWS + detail_route_rows(), ids=row_id)
def test_bad_input_is_refused_and_changes_nothing(row, personas, client, api_as):
    names = {name for _text, name, _spec, _conv in string.Formatter().parse(row.url) if name}
    records = {name: RECORDS[name](personas) for name in names}
    before = row_counts()

    response = send(row, personas[row.who] if row.who else None, client, api_as, records)

    assert response.status_code != 500
    assert response.status_code == row.status, response.content[:500]
    assert row.says in response.content.decode()
    assert row_counts() == before


def path_converters(patterns, prefix=""):
    """(route, name, converter) for every typed parameter of the project's page paths."""
    for entry in patterns:
        route = prefix + str(entry.pattern)
        for name, converter in getattr(entry.pattern, "converters", {}).items():
            yield route, name, converter
        if hasattr(entry, "url_patterns"):
            yield from path_converters(entry.url_patterns, route)


def test_every_identifier_in_a_page_path_is_declared_a_uuid():
    """A `<str:uid>` would hand a malformed identifier to a database lookup, which fails."""
    identifiers = [
        (route, type(converter).__name__)
        for route, name, converter in path_converters(get_resolver().url_patterns)
        if name.endswith("uid")
    ]

    assert identifiers
    assert [entry for entry in identifiers if entry[1] != UUIDConverter.__name__] == []
