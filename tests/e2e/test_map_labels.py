"""A location name carrying markup, imported from a master list, stays text on both maps."""

from datetime import date

import pytest

from masar.accounts.personas import make_persona
from masar.indices import actions as indices
from masar.indices import queries as index_queries
from masar.indices.tests.factories import answer_all, random_picker
from masar.testing.browser import sign_in
from masar.tracking.importing import Options, import_masterlist, load_layout
from masar.tracking.models import Round
from masar.tracking.tests.files import write_csv
from masar.tracking.workflow import ROUND_WORKFLOW

pytestmark = pytest.mark.browser

NAME = '<img src=x onerror="window.__xss=1">'
FIELDS = ("location_id", "population", "governorate", "location_name", "latitude", "longitude")


@pytest.fixture
def hostile_round(geography, tmp_path):
    """The IM officer imports a returnee location so named, publishes the round and computes
    the Return Index on it."""
    manager = make_persona("e2e_im", "im_officer", org="IOM", kind="un")
    # Whoever validates a round does not also publish it: a second IM officer does.
    publisher = make_persona("e2e_im2", "im_officer", org="IOM", kind="un")
    make_persona("e2e_reader", "case_worker", govs="IQG15")
    layout = load_layout("masar")
    header = [layout.fields[f].header for f in FIELDS] + [layout.shelters["own_house"][0].header]
    path = write_csv(
        tmp_path / "round.csv", [header, ["X-1", "returnee", "Ninewa", NAME, 36.3, 43.1, 40]]
    )
    period = Options(round_start=date(2024, 1, 1), round_end=date(2024, 2, 29))
    report = import_masterlist(path, period, user=manager)
    assert report["outcome"] == "imported", report
    round_ = Round.objects.get(start_date=period.round_start)
    round_ = ROUND_WORKFLOW.run(manager, round_, "validate")
    round_ = ROUND_WORKFLOW.run(publisher, round_, "publish")
    location = round_.figures.get().location
    assert location.name_en == NAME
    indices.ensure_shipped_methodologies()
    methodology = index_queries.get_methodology("return-index")
    answer_all(round_, [location], "return-index", random_picker(1))
    indices.compute_indices(round_, [methodology])
    return round_


@pytest.mark.parametrize(
    "url",
    ["/tracking/rounds/{uid}/", "/indices/rounds/{uid}/return-index/"],
    ids=["round map", "index map"],
)
def test_hovering_the_marker_shows_the_name_as_text(page, hostile_round, url):
    sign_in(page, "e2e_reader")
    page.goto(url.format(uid=hostile_round.uid))
    page.hover("#map path.leaflet-interactive")
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert NAME in tooltip.inner_text()
    assert tooltip.locator("img").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"
