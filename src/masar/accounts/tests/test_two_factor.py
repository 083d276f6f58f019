"""Two-factor authentication with an authenticator app (django-otp's TOTP)."""

from urllib.parse import urlencode

import time_machine
from django.core.checks import run_checks
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from masar.accounts.personas import PASSWORD

NOW = "2026-06-01T09:00:00+03:00"
REQUIRED = override_settings(TWO_FACTOR_REQUIRED_ROLES=("admin", "psea_focal_point"))


def code_for(device):
    """The code the user's app shows now, computed from the device's key as the app does."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrol_url(next_path):
    return f"{reverse('accounts:two_factor_enrol')}?{urlencode({'next': next_path})}"


def confirmed_device_for(user):
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


@REQUIRED
def test_an_administrator_is_sent_to_enrol_then_the_page_loads(login, personas):
    client = login(personas["admin"])
    home = reverse("home")
    with time_machine.travel(NOW, tick=False):
        response = client.get(home)
        assert response.status_code == 302
        assert response["Location"] == enrol_url(home)
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert "otpauth://totp/" in page.content.decode()
        assert "<svg" in page.content.decode()
        device = TOTPDevice.objects.get(user=personas["admin"], confirmed=False)
        confirmed = client.post(enrol_url(home), {"code": code_for(device), "next": home})
        assert confirmed.status_code == 302
        assert confirmed["Location"] == home
        assert client.get(home).status_code == 200
    assert TOTPDevice.objects.get(user=personas["admin"]).confirmed


@REQUIRED
def test_a_wrong_code_is_refused_and_the_pages_stay_closed(login, personas):
    client = login(personas["psea"])
    with time_machine.travel(NOW, tick=False):
        client.get(reverse("accounts:two_factor_enrol"))
        device = TOTPDevice.objects.get(user=personas["psea"])
        wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
        response = client.post(reverse("accounts:two_factor_enrol"), {"code": wrong})
        assert response.status_code == 200
        assert "not valid" in response.content.decode()
        device.refresh_from_db()
        assert not device.confirmed
        assert client.get(reverse("home")).status_code == 302


def test_without_the_setting_an_administrator_needs_no_second_factor(login, personas):
    client = login(personas["admin"])
    assert client.get(reverse("home")).status_code == 200


@REQUIRED
def test_other_roles_need_no_second_factor_when_it_is_required_of_some(login, personas):
    client = login(personas["case_worker"])
    assert client.get(reverse("home")).status_code == 200


@REQUIRED
def test_signing_out_and_switching_language_stay_open_before_enrolling(login, personas):
    client = login(personas["admin"])
    assert client.post(reverse("set_language"), {"language": "ar"}).status_code == 302
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_user_who_enrolled_gives_a_code_after_the_password(client, personas):
    device = confirmed_device_for(personas["case_worker"])
    verify = reverse("accounts:two_factor_verify")
    with time_machine.travel(NOW, tick=False) as clock:
        client.post(reverse("login"), {"username": "cw_ninewa", "password": PASSWORD})
        blocked = client.get(reverse("home"))
        assert blocked.status_code == 302
        assert blocked["Location"].startswith(verify)
        wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
        assert client.post(verify, {"code": wrong}).status_code == 200
        assert client.get(reverse("home")).status_code == 302
        # django-otp makes the next try wait after a miss: even the right code is refused.
        assert client.post(verify, {"code": code_for(device)}).status_code == 200
        clock.shift(5)
        passed = client.post(verify, {"code": code_for(device), "next": reverse("home")})
        assert passed.status_code == 302
        assert client.get(reverse("home")).status_code == 200


def test_a_user_turns_two_factor_off_with_a_code(client, personas):
    device = confirmed_device_for(personas["case_worker"])
    with time_machine.travel(NOW, tick=False):
        client.post(reverse("login"), {"username": "cw_ninewa", "password": PASSWORD})
        client.post(reverse("accounts:two_factor_verify"), {"code": code_for(device)})
    with time_machine.travel("2026-06-01T09:01:00+03:00", tick=False):
        assert "Turn two-factor authentication off" in (
            client.get(reverse("accounts:account")).content.decode()
        )
        client.post(reverse("accounts:two_factor_disable"), {"code": code_for(device)})
    assert not TOTPDevice.objects.filter(user=personas["case_worker"]).exists()


@REQUIRED
def test_a_role_that_requires_two_factors_cannot_turn_them_off(client, personas):
    device = confirmed_device_for(personas["admin"])
    with time_machine.travel(NOW, tick=False):
        client.post(reverse("login"), {"username": "root", "password": PASSWORD})
        client.post(reverse("accounts:two_factor_verify"), {"code": code_for(device)})
    with time_machine.travel("2026-06-01T09:01:00+03:00", tick=False):
        client.post(reverse("accounts:two_factor_disable"), {"code": code_for(device)})
    assert TOTPDevice.objects.filter(user=personas["admin"], confirmed=True).exists()


def test_the_account_page_offers_enrolment_and_a_password_change(login, personas):
    page = login(personas["case_worker"]).get(reverse("accounts:account")).content.decode()
    assert reverse("accounts:two_factor_enrol") in page
    assert reverse("accounts:password_change") in page


def test_the_deployment_check_warns_when_no_role_requires_two_factors():
    with override_settings(TWO_FACTOR_REQUIRED_ROLES=()):
        assert "masar.W010" in [m.id for m in run_checks(include_deployment_checks=True)]
    with REQUIRED:
        assert "masar.W010" not in [m.id for m in run_checks(include_deployment_checks=True)]


@REQUIRED
def test_a_session_without_the_second_factor_reaches_neither_pages_nor_the_api(login, personas):
    client = login(personas["psea"])
    assert client.get("/api/v1/").status_code == 302
    assert client.get(reverse("admin:index")).status_code == 302
    # The enrolment itself stays open.
    assert client.get(reverse("accounts:two_factor_enrol")).status_code == 200


@REQUIRED
def test_an_api_token_is_its_own_credential(api_as, personas):
    assert api_as(personas["psea"]).get("/api/v1/").status_code == 200
