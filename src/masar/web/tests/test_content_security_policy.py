"""Every page carries the strict Content-Security-Policy, and no template needs it loosened."""

import re
from pathlib import Path

import pytest

from masar.cases.tests.factories import register

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2]
STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "object-src": "'none'",
}
# Rendered to PDF by WeasyPrint and never served as a page: its <style> reaches no browser.
PDF_ONLY = {"cases/templates/cases/manifest.html"}
INLINE = re.compile(
    r"<style|\sstyle=|\son[a-z]+\s*=|javascript:|<script(?![^>]*\ssrc=)(?![^>]*application/json)",
    re.I,
)


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    parts = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in ((p[0], p[1] if len(p) > 1 else "") for p in parts)}


def test_the_sign_in_page_carries_the_strict_policy(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert directives(response) == STRICT
    assert "unsafe" not in response["Content-Security-Policy"]


def test_a_case_page_carries_the_strict_policy_and_stays_unstored(personas, login):
    household = register(personas["case_worker"])
    response = login(personas["case_worker"]).get(f"/cases/{household.uid}/")
    assert response.status_code == 200
    assert directives(response) == STRICT
    assert response["Cache-Control"] == "no-store"


def test_the_admin_site_carries_the_strict_policy(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert directives(response) == STRICT


def test_a_page_not_found_carries_the_strict_policy(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert directives(response) == STRICT


def test_a_refused_form_answers_in_the_layout_without_inline_style(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x"})
    html = response.content.decode()
    assert response.status_code == 403
    assert directives(response) == STRICT
    assert 'class="error-page"' in html and "Form expired" in html
    assert INLINE.search(html) is None


def test_the_api_docs_run_no_inline_script_or_style(client):
    response = client.get("/api/docs/")
    html = response.content.decode()
    assert directives(response) == STRICT
    assert INLINE.search(html) is None, INLINE.search(html)
    script = re.search(r'<script src="([^"]*\?[^"]*script=[^"]*)"', html)
    assert script, "the start-up script is a file"
    start_up = client.get(script.group(1).replace("&amp;", "&"))
    assert start_up.status_code == 200
    assert start_up["Content-Type"].startswith("application/javascript")


def test_no_template_holds_an_inline_script_handler_or_style():
    found = [
        f"{path.relative_to(SRC / 'masar')}: {match.group(0)}"
        for path in sorted((SRC / "masar").rglob("templates/**/*.html"))
        if str(path.relative_to(SRC / "masar")) not in PDF_ONLY
        for match in [INLINE.search(path.read_text())]
        if match
    ]
    assert found == []
