"""Pages built on third-party front ends work under the strict Content-Security-Policy (the
`page` fixture fails a test on any violation)."""

import pytest

from masar.accounts.personas import make_persona
from masar.testing.browser import sign_in

pytestmark = pytest.mark.browser


def test_the_api_docs_draw_the_operations_from_the_schema(page, db):
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock")
    assert page.locator(".swagger-ui .opblock").count() > 3


def test_an_administrator_opens_the_admin_site(page, geography):
    admin = make_persona("e2e_root", "admin", org="IOM", kind="un")
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    sign_in(page, "e2e_root")
    page.goto("/admin/auth/user/")
    page.wait_for_selector("#result_list")
    page.click("#result_list tbody a")
    page.wait_for_selector("form#user_form")
