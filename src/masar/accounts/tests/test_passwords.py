"""Passwords: validated when set, changed by their owner, reset through a one-time link."""

import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from masar.accounts.actions import create_user
from masar.accounts.personas import PASSWORD

NOW = "2026-06-01T09:00:00+03:00"
LINK = re.compile(r"/account/set-password/[^/\s]+/[^/\s]+/")


def test_create_user_refuses_a_password_the_validators_refuse(db):
    with pytest.raises(ValidationError) as refused:
        create_user(username="amal", role="case_worker", organisation="O", password="short")
    messages = refused.value.messages
    assert any(m.startswith("Password refused: ") and "too short" in m for m in messages)
    assert not get_user_model().objects.filter(username="amal").exists()


def test_the_command_refuses_a_common_password_with_exit_2(run_command, monkeypatch, db):
    monkeypatch.setenv("NEW_PASSWORD", "password123")
    code, _, err = run_command(
        "create_user", "--username", "amal", "--role", "case_worker", "--org", "O",
        "--password-from-env", "NEW_PASSWORD",
    )  # fmt: skip
    assert code == 2
    assert "Password refused" in err and "too common" in err
    assert not get_user_model().objects.filter(username="amal").exists()


def test_a_password_like_the_username_is_refused(db):
    with pytest.raises(ValidationError, match="too similar"):
        create_user(
            username="hawkar.qadir", role="case_worker", organisation="O", password="hawkarqadir"
        )


def test_a_user_changes_their_own_password(login, personas):
    client = login(personas["case_worker"])
    page = client.get(reverse("accounts:password_change"))
    assert page.status_code == 200
    assert 'class="topbar"' in page.content.decode()
    new = "a-fresh-passphrase-9"
    wrong_old = client.post(
        reverse("accounts:password_change"),
        {"old_password": "not-it", "new_password1": new, "new_password2": new},
    )
    assert wrong_old.status_code == 200
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account")
    personas["case_worker"].refresh_from_db()
    assert personas["case_worker"].check_password(new)
    # The session that changed it stays signed in.
    assert client.get(reverse("accounts:account")).status_code == 200


def test_a_weak_new_password_is_refused(login, personas):
    client = login(personas["case_worker"])
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    personas["case_worker"].refresh_from_db()
    assert personas["case_worker"].check_password(PASSWORD)


def use_link(client, link, new):
    """Open a set-password link and choose `new`; return the final response."""
    landing = client.get(link)
    assert landing.status_code == 302  # Django moves the token out of the address
    form = client.get(landing["Location"])
    assert form.status_code == 200
    return client.post(landing["Location"], {"new_password1": new, "new_password2": new})


@time_machine.travel(NOW, tick=False)
def test_the_reset_command_prints_a_one_time_link(run_command, client, personas):
    code, out, _ = run_command("reset_password", "cw_ninewa", "--base-url", "https://masar.test/")
    assert code == 0
    assert PASSWORD not in out
    link = LINK.search(out).group(0)
    assert f"https://masar.test{link}" in out
    done = use_link(client, link, "chosen-by-the-user-7")
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password_reset_complete")
    personas["case_worker"].refresh_from_db()
    assert personas["case_worker"].check_password("chosen-by-the-user-7")
    again = client.get(link)
    assert again.status_code == 200
    assert "expired or was already used" in again.content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_reset_command_can_lock_the_old_password_at_once(run_command, personas):
    code, _, _ = run_command("reset_password", "cw_ninewa", "--lock")
    assert code == 0
    personas["case_worker"].refresh_from_db()
    assert not personas["case_worker"].has_usable_password()


def test_the_reset_command_refuses_an_unknown_user(run_command, db):
    code, _, err = run_command("reset_password", "nobody-here")
    assert code == 2
    assert "nobody-here" in err


@time_machine.travel(NOW, tick=False)
def test_an_administrator_makes_a_link_on_the_admin_site(login, personas, client):
    target = personas["supervisor"]
    admin = login(personas["admin"])
    response = admin.post(
        reverse("admin:auth_user_changelist"),
        {"action": "make_set_password_link", "_selected_action": [target.pk]},
        follow=True,
    )
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    link = next(LINK.search(m).group(0) for m in messages if LINK.search(m))
    assert PASSWORD not in " ".join(messages)
    admin.logout()
    assert use_link(client, link, "chosen-by-the-user-8").status_code == 302
    target.refresh_from_db()
    assert target.check_password("chosen-by-the-user-8")
