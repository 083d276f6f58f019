"""Failed sign-ins lock the account and the client address (django-axes)."""

import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from masar.accounts.personas import PASSWORD

NOW = "2026-06-01T09:00:00+03:00"


def sign_in(client, username, password, address="203.0.113.5", **extra):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def signed_in(client):
    return "_auth_user_id" in client.session


@time_machine.travel(NOW, tick=False)
def test_after_the_limit_even_the_right_password_is_refused(client, personas):
    assert settings.AXES_FAILURE_LIMIT == 5
    answers = [sign_in(client, "cw_ninewa", f"wrong-{n}").status_code for n in range(20)]
    # The first failures show the form again; from the limit on, the lockout page answers.
    assert answers[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert set(answers[settings.AXES_FAILURE_LIMIT :]) == {429}
    response = sign_in(client, "cw_ninewa", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)


@time_machine.travel(NOW, tick=False)
def test_the_lockout_page_says_when_to_retry_and_does_not_echo_the_username(client, personas):
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, "cw_ninewa", f"wrong-{n}")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Try again in 30 minutes" in page
    assert 'class="topbar"' in page  # the site's layout
    assert "cw_ninewa" not in page


@time_machine.travel(NOW, tick=False)
def test_a_locked_account_is_locked_from_another_address_too(client, personas):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "cw_ninewa", f"wrong-{n}", address="203.0.113.5")
    response = sign_in(client, "cw_ninewa", PASSWORD, address="198.51.100.7")
    assert response.status_code == 429
    assert not signed_in(client)


@time_machine.travel(NOW, tick=False)
def test_a_locked_address_cannot_sign_in_to_another_account(client, personas):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess-{n}", "wrong", address="203.0.113.5")
    assert sign_in(client, "sup_ninewa", PASSWORD, address="203.0.113.5").status_code == 429
    assert sign_in(client, "sup_ninewa", PASSWORD, address="198.51.100.7").status_code == 302


@time_machine.travel(NOW, tick=False)
@override_settings(MASAR={**settings.MASAR, "TRUSTED_PROXIES": ("10.0.0.1",)})
def test_the_client_behind_the_trusted_proxy_is_the_one_locked(client, personas):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess-{n}", "wrong", "10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert AccessAttempt.objects.filter(ip_address="203.0.113.5").exists()
    other = sign_in(client, "sup_ninewa", PASSWORD, "10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert other.status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, personas):
    with time_machine.travel(NOW, tick=False):
        for n in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, "cw_ninewa", f"wrong-{n}")
        assert sign_in(client, "cw_ninewa", PASSWORD).status_code == 429
    with time_machine.travel("2026-06-01T09:31:00+03:00", tick=False):
        assert sign_in(client, "cw_ninewa", PASSWORD).status_code == 302


@time_machine.travel(NOW, tick=False)
def test_an_administrator_unlocks_with_the_command(client, personas, run_command):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "cw_ninewa", f"wrong-{n}")
    code, _, _ = run_command("axes_reset_username", "cw_ninewa")
    assert code == 0
    assert sign_in(client, "cw_ninewa", PASSWORD).status_code == 302


@time_machine.travel(NOW, tick=False)
def test_an_administrator_unlocks_on_the_admin_site(client, personas, login):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "cw_ninewa", f"wrong-{n}")
    attempt = AccessAttempt.objects.get(username="cw_ninewa")
    admin = login(personas["admin"])
    response = admin.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    admin.logout()
    assert sign_in(client, "cw_ninewa", PASSWORD).status_code == 302


@time_machine.travel(NOW, tick=False)
def test_a_success_before_the_limit_clears_the_count(client, personas):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "cw_ninewa", f"wrong-{n}")
    assert sign_in(client, "cw_ninewa", PASSWORD).status_code == 302
    client.logout()
    sign_in(client, "cw_ninewa", "wrong-again")
    assert sign_in(client, "cw_ninewa", PASSWORD).status_code == 302
