"""Playwright driving Debian's Chromium (Playwright cannot download its own browsers here)."""

from __future__ import annotations

import os
import shutil
import warnings

import pytest

CHROMIUM = os.environ.get("MASAR_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        message = f"BROWSER TESTS SKIPPED: {CHROMIUM} is not installed (apt-get install chromium)"
        warnings.warn(message, stacklevel=1)
        pytest.skip(message)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        yield chromium
        chromium.close()


# Runs in every document before the page's own scripts: each Content-Security-Policy violation
# is kept on `window` (for a test to read) and handed to the harness, which outlives navigations.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  var text = event.violatedDirective + " blocked " + (event.blockedURI || "inline") +
    " at " + (event.sourceFile || event.documentURI) + ":" + event.lineNumber;
  window.__cspViolations.push(text);
  if (window.__masarCspViolation) window.__masarCspViolation(text);
}, true);
"""


@pytest.fixture
def page(browser, live_server, transactional_db):
    """A fresh browser tab on the live server; its data must be committed, hence transactional.

    Every page the test opens must carry a Content-Security-Policy header and break none of
    it: a page that needs an inline script or style fails here, whichever test opened it."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    violations: list[str] = []
    unprotected: list[str] = []
    context.expose_function("__masarCspViolation", lambda text: violations.append(text))
    context.add_init_script(CSP_LISTENER)
    context.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    context.on(
        "response",
        lambda response: (
            unprotected.append(f"{response.status} {response.url}")
            if response.request.resource_type == "document"
            and "content-security-policy" not in response.headers
            else None
        ),
    )
    page = context.new_page()
    yield page
    context.close()
    assert violations == [], "Content-Security-Policy violations"
    assert unprotected == [], "pages without a Content-Security-Policy header"


def sign_in(page, username: str, password: str | None = None) -> None:
    """Sign in through the real login form (signing out first if someone is signed in)."""
    from masar.accounts.personas import PASSWORD

    if page.locator("form.logout").count():
        page.click("form.logout button[type=submit]")
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password or PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("form.logout")
