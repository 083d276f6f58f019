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

from masar.api import urls as api_urls
from masar.cases.tests.factories import register
from masar.tracking.models import Round

pytestmark = pytest.mark.django_db

NOT_A_UUID = "not-a-uuid"
UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000"
NOT_TWO_ROUNDS = "does not name two rounds"


class File(NamedTuple):
    name: str
    content: bytes


class Row(NamedTuple):
    who: str | None
    method: str
    url: str
    payload: dict | None
    status: int
    says: str = ""


RECORDS = {
    "round": lambda personas: Round.objects.create(
        start_date=date(2024, 1, 1), end_date=date(2024, 2, 29)
    ),
    "household": lambda personas: register(personas["case_worker"]),
}


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
    files = [value.name for value in (row.payload or {}).values() if isinstance(value, File)]
    return " ".join([row.who or "anonymous", row.method.upper(), row.url, *files])


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for config in apps.get_app_configs()
        if config.name.startswith("masar.")
        for model in config.get_models()
    }


def send(row: Row, user, client, api_as, records: dict):
    url = row.url.format(**{name: record.uid for name, record in records.items()})
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
