"""Sign in, switch to Arabic, and browse Ninewa's districts in a real browser."""

import pytest

from masar.accounts.personas import make_persona
from masar.testing.browser import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def case_worker(geography):
    return make_persona("browser_cw", "case_worker", govs="IQG15")


def test_a_case_worker_signs_in_switches_to_arabic_and_browses_ninewa(page, case_worker):
    sign_in(page, "browser_cw")
    assert page.locator("html").get_attribute("dir") == "ltr"
    page.click("button[name=language][value=ar]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    page.goto("/geo/areas/IQ/")
    page.click("#children a[href='/geo/areas/IQG15/']")
    page.wait_for_url("**/geo/areas/IQG15/")
    districts = page.locator("#children tbody tr")
    assert districts.count() == 9
    text = page.locator("#children").inner_text()
    assert "الموصل" in text and "سنجار" in text
    # The brand sits at the right edge in a right-to-left page.
    brand = page.locator(".brand").bounding_box()
    assert brand["x"] > page.viewport_size["width"] / 2


def test_the_geography_page_draws_its_map_without_online_tiles(page, case_worker):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    sign_in(page, "browser_cw")
    page.goto("/geo/areas/IQG15/")
    page.wait_for_selector("#map .leaflet-interactive")
    assert page.locator("#map .leaflet-interactive").count() >= 9
    assert all(url.startswith(page.url.split("/geo/")[0]) for url in requests)
