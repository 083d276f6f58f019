"""API tokens: stored as a digest, shown once, valid until expiry, revocable by the owner and by
an administrator, and never readable again on any page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from rest_framework.test import APIClient

from masar.api import actions
from masar.api.models import ApiToken

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def client_with(token: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_the_stored_row_does_not_contain_the_token(personas, frozen):
    row, token = actions.create_api_token(personas["case_worker"], "sync")
    stored = ApiToken.objects.filter(pk=row.pk).values().get()
    assert len(token) == 64
    assert all(token not in str(value) for value in stored.values())
    assert stored["digest"] != token and len(stored["digest"]) == 128
    assert token.startswith(stored["token_key"])


def test_a_token_works_until_its_expiry_and_not_after(personas, frozen, settings):
    settings.MASAR = {**settings.MASAR, "API_TOKEN_DAYS": 30}
    row, token = actions.create_api_token(personas["case_worker"], "sync")
    assert row.expiry == NOW + timedelta(days=30)
    frozen.move_to(NOW + timedelta(days=30))
    assert client_with(token).get("/api/v1/areas/").status_code == 200
    frozen.move_to(NOW + timedelta(days=30, seconds=1))
    assert client_with(token).get("/api/v1/areas/").status_code == 401


def test_using_a_token_records_its_last_use(personas, frozen):
    row, token = actions.create_api_token(personas["case_worker"], "sync")
    assert row.last_used_at is None
    client_with(token).get("/api/v1/areas/")
    row.refresh_from_db()
    assert row.last_used_at == NOW


def test_a_revoked_token_is_refused(personas, frozen):
    row, token = actions.create_api_token(personas["case_worker"], "sync")
    assert client_with(token).get("/api/v1/areas/").status_code == 200
    actions.revoke_api_token(row)
    assert client_with(token).get("/api/v1/areas/").status_code == 401


def test_the_token_is_shown_once_on_the_page_that_makes_it(personas, login, frozen):
    client = login(personas["case_worker"])
    created = client.post("/api/tokens/", {"name": "Power BI", "days": 7})
    assert created.status_code == 200
    row = ApiToken.objects.get(user=personas["case_worker"])
    token = created.context["clear"]
    assert token in created.content.decode()
    assert row.name == "Power BI" and row.expiry == NOW + timedelta(days=7)
    assert client_with(token).get("/api/v1/areas/").status_code == 200
    listing = client.get("/api/tokens/").content.decode()
    assert "Power BI" in listing and row.token_key in listing
    assert token not in listing and row.digest not in listing


def test_the_page_lists_only_the_users_own_tokens(personas, login, frozen):
    actions.create_api_token(personas["other_case_worker"], "someone else's")
    actions.create_api_token(personas["case_worker"], "mine")
    listing = login(personas["case_worker"]).get("/api/tokens/").content.decode()
    assert "mine" in listing and "someone else" not in listing


def test_the_owner_revokes_their_token_on_the_page(personas, login, frozen):
    row, token = actions.create_api_token(personas["case_worker"], "sync")
    client = login(personas["case_worker"])
    assert client.post(f"/api/tokens/{row.uid}/revoke/").status_code == 302
    assert not ApiToken.objects.filter(pk=row.pk).exists()
    assert client_with(token).get("/api/v1/areas/").status_code == 401


def test_a_user_cannot_revoke_another_users_token(personas, login, frozen):
    row, token = actions.create_api_token(personas["other_case_worker"], "sync")
    client = login(personas["case_worker"])
    assert client.post(f"/api/tokens/{row.uid}/revoke/").status_code == 404
    assert ApiToken.objects.filter(pk=row.pk).exists()
    assert client_with(token).get("/api/v1/areas/").status_code == 200


def test_revoking_needs_a_post(personas, login, frozen):
    row, _token = actions.create_api_token(personas["case_worker"], "sync")
    assert login(personas["case_worker"]).get(f"/api/tokens/{row.uid}/revoke/").status_code == 405
    assert ApiToken.objects.filter(pk=row.pk).exists()


def test_an_administrator_sees_tokens_without_anything_usable_and_revokes_them(
    personas, login, frozen
):
    row, token = actions.create_api_token(personas["psea"], "psea laptop")
    client = login(personas["admin"])
    page = client.get("/admin/api/apitoken/")
    html = page.content.decode()
    assert page.status_code == 200 and "psea laptop" in html and row.token_key in html
    assert token not in html and row.digest not in html
    detail = client.get(f"/admin/api/apitoken/{row.pk}/change/").content.decode()
    assert "psea laptop" in detail and token not in detail and row.digest not in detail
    assert client.get("/admin/api/apitoken/add/").status_code == 403
    client.post(f"/admin/api/apitoken/{row.pk}/delete/", {"post": "yes"})
    assert not ApiToken.objects.filter(pk=row.pk).exists()
    assert client_with(token).get("/api/v1/tickets/").status_code == 401


def test_the_old_clear_text_token_list_is_gone(personas, login):
    assert login(personas["admin"]).get("/admin/authtoken/tokenproxy/").status_code == 404


def test_the_command_prints_a_working_token_once(personas, run_command, frozen):
    code, out, err = run_command("create_api_token", "cw_ninewa", "--days", "3")
    token = out.strip()
    row = ApiToken.objects.get(user=personas["case_worker"])
    assert code == 0 and row.expiry == NOW + timedelta(days=3)
    assert token not in err and row.token_key in err
    assert client_with(token).get("/api/v1/areas/").status_code == 200


def test_the_command_refuses_an_unknown_user_and_a_bad_duration(personas, run_command):
    assert run_command("create_api_token", "nobody")[0] == 2
    assert run_command("create_api_token", "cw_ninewa", "--days", "0")[0] == 2
    assert not ApiToken.objects.exists()
