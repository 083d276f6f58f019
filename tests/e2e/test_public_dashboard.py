"""The public dashboard in Arabic, as a visitor without an account sees it: right to left, its
charts and governorate map drawn, the map's legend and each chart's table beside it."""

from datetime import date

import pytest
from django.core.cache import cache

from masar.geo.tests.factories import location_in
from masar.tracking.choices import RoundStatus
from masar.tracking.tests.factories import round_with_figures

pytestmark = pytest.mark.browser


def test_the_public_dashboard_in_arabic_shows_charts_maps_legends_and_tables(page, geography):
    cache.clear()
    mosul = location_in("IQG15Q05N01", external_id="P-1")
    ramadi = location_in("IQG01Q01N01", external_id="P-2")
    published = {"status": RoundStatus.PUBLISHED}
    round_with_figures(date(2024, 6, 30), [(mosul, "idp", "camp", 100, 500)], **published)
    round_with_figures(
        date(2024, 10, 31),
        [(mosul, "idp", "camp", 90, 450), (ramadi, "returnee", "own_house", 40, 210)],
        **published,
    )
    page.goto("/public/")
    page.click("button[name=language][value=ar]")
    page.wait_for_load_state()

    assert page.get_attribute("html", "dir") == "rtl"
    assert page.locator("h1", has_text="النزوح في العراق").count() == 1  # "Displacement in Iraq"
    charts = page.locator("figure.chart svg")
    assert charts.count() >= 3  # the series, the governorate map, the shelter groups
    for n in range(charts.count()):
        box = charts.nth(n).bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 50
    governorates = page.locator("section[aria-labelledby=gov-h]")
    assert governorates.locator("figure.map-static svg path").count() >= 18  # every outline
    assert governorates.locator("figure.map-static svg text").count() > 1  # the legend
    table = governorates.locator("table")
    assert table.is_visible()
    assert "450" in table.inner_text() and "210" in table.inner_text()
    assert page.locator("section[aria-labelledby=series-h] table").is_visible()
