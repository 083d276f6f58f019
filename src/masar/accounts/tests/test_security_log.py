"""Sign-ins, sign-outs, failures and lockouts reach the `masar.security` log, without secrets."""

import logging

import time_machine
from django.conf import settings
from django.urls import reverse

from masar.accounts.personas import PASSWORD

NOW = "2026-06-01T09:00:00+03:00"


def security_lines(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "masar.security"]


def sign_in(client, username, password):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR="203.0.113.5",
    )


@time_machine.travel(NOW, tick=False)
def test_a_sign_in_and_a_sign_out_are_logged_with_the_user_id_and_address(client, personas, caplog):
    caplog.set_level(logging.INFO, logger="masar.security")
    user = personas["case_worker"]
    sign_in(client, "cw_ninewa", PASSWORD)
    client.post(reverse("logout"), REMOTE_ADDR="203.0.113.5")
    assert security_lines(caplog) == [
        f"sign-in user={user.pk} client=203.0.113.5",
        f"sign-out user={user.pk} client=203.0.113.5",
    ]


@time_machine.travel(NOW, tick=False)
def test_a_failed_sign_in_is_logged_without_password_or_username(client, personas, caplog):
    caplog.set_level(logging.INFO, logger="masar.security")
    sign_in(client, "cw_ninewa", "secret-guess-1")
    sign_in(client, "nobody-here", "secret-guess-2")
    lines = security_lines(caplog)
    assert lines == [
        f"failed sign-in user={personas['case_worker'].pk} client=203.0.113.5",
        "failed sign-in user=unknown client=203.0.113.5",
    ]
    text = caplog.text
    assert "secret-guess" not in text
    assert "cw_ninewa" not in text and "nobody-here" not in text


@time_machine.travel(NOW, tick=False)
def test_a_lockout_is_logged_as_a_warning(client, personas, caplog):
    caplog.set_level(logging.INFO, logger="masar.security")
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "cw_ninewa", f"wrong-{n}")
    lockouts = [
        r for r in caplog.records if r.name == "masar.security" and "lockout" in r.getMessage()
    ]
    assert lockouts
    assert lockouts[0].levelno == logging.WARNING
    assert lockouts[0].getMessage() == (
        f"lockout user={personas['case_worker'].pk} client=203.0.113.5"
    )
