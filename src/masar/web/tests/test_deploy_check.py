"""The production block of `.env.example` passes `masar check --deploy` without a warning, and
without MASAR_HTTPS the site still works over plain http (`make demo`)."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
# Settings the test runner's own environment may hold; each subprocess gets only what it is given.
OWN = ("MASAR_", "DJANGO_", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "SESSION_", "CSRF_")


def production_environment() -> dict[str, str]:
    """Read the commented production block of `.env.example`, as a deployer uncomments it,
    with a real secret key in place of the placeholder."""
    block = (ROOT / ".env.example").read_text().split("# --- Production ---", 1)[1]
    values = dict(re.findall(r"^# ([A-Z_0-9]+)=(.*)$", block, re.M))
    values["SECRET_KEY"] = secrets.token_urlsafe(50)
    return values


def run_masar(tmp_path: Path, environment: dict[str, str], *arguments: str):
    inherited = {key: value for key, value in os.environ.items() if not key.startswith(OWN)}
    return subprocess.run(
        [sys.executable, "-m", "masar.cli", *arguments],
        env={
            **inherited,
            "MASAR_DATA_DIR": str(tmp_path),
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT / "src"),
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_documented_production_settings_pass_the_deploy_check(tmp_path):
    environment = production_environment()
    assert environment["MASAR_HTTPS"] == "true" and environment["DEBUG"] == "false"
    result = run_masar(tmp_path, environment, "check", "--deploy", "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output and "identified no issues" in output, output


def test_the_deploy_check_warns_about_https_when_it_is_off(tmp_path):
    environment = {**production_environment(), "MASAR_HTTPS": "false"}
    result = run_masar(tmp_path, environment, "check", "--deploy", "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "security.W008" in output and "security.W012" in output, output


SHOW = (
    "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE,"
    " s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
    " s.SECURE_HSTS_PRELOAD, getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
)


def test_without_masar_https_the_switches_are_off_for_plain_http(tmp_path):
    result = run_masar(tmp_path, {}, "shell", "-v", "0", "-c", SHOW)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "False", "0", "False", "False", "None"]


def test_masar_https_turns_them_on_with_a_year_of_hsts(tmp_path):
    environment = {"MASAR_HTTPS": "true", "MASAR_TRUSTED_PROXIES": "10.0.0.5"}
    result = run_masar(tmp_path, environment, "shell", "-v", "0", "-c", SHOW)
    assert result.returncode == 0, result.stderr
    words = result.stdout.split()
    assert words[:6] == ["True", "True", "True", "31536000", "False", "False"]
    assert " ".join(words[6:]) == "('HTTP_X_FORWARDED_PROTO', 'https')"
