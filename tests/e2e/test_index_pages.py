"""The pages whose inline script and styles moved to static files still work: the round
switch of the index dashboard, the spaced score cards and the SVG charts."""

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

FIELDS = ("location_id", "population", "governorate", "location_name", "latitude", "longitude")
PERIODS = [(date(2024, 1, 1), date(2024, 2, 29)), (date(2024, 3, 1), date(2024, 4, 30))]


@pytest.fixture
def two_rounds(geography, tmp_path):
    """Two published rounds on one returnee location, each with its Return Index computed."""
    manager = make_persona("e2e_im", "im_officer", org="IOM", kind="un")
    # Whoever validates a round does not also publish it: a second IM officer does.
    publisher = make_persona("e2e_im2", "im_officer", org="IOM", kind="un")
    make_persona("e2e_reader", "case_worker", govs="IQG15")
    layout = load_layout("masar")
    header = [layout.fields[f].header for f in FIELDS] + [layout.shelters["own_house"][0].header]
    indices.ensure_shipped_methodologies()
    methodology = index_queries.get_methodology("return-index")
    rounds = []
    for number, (start, end) in enumerate(PERIODS):
        row = ["X-1", "returnee", "Ninewa", "Hamdaniya centre", 36.3, 43.1, 40 + number * 20]
        path = write_csv(tmp_path / f"round-{number}.csv", [header, row])
        report = import_masterlist(path, Options(round_start=start, round_end=end), user=manager)
        assert report["outcome"] == "imported", report
        round_ = Round.objects.get(start_date=start)
        round_ = ROUND_WORKFLOW.run(manager, round_, "validate")
        round_ = ROUND_WORKFLOW.run(publisher, round_, "publish")
        location = round_.figures.get().location
        answer_all(round_, [location], "return-index", random_picker(number + 1))
        indices.compute_indices(round_, [methodology])
        rounds.append(round_)
    return rounds, location


def test_picking_a_round_opens_its_dashboard(page, two_rounds):
    (older, newer), _location = two_rounds
    sign_in(page, "e2e_reader")
    page.goto(f"/indices/rounds/{newer.uid}/return-index/")
    page.select_option("#round-select", label=str(older))
    page.wait_for_url(f"**/indices/rounds/{older.uid}/return-index/")
    assert page.locator("#round-select option:checked").inner_text() == str(older)


def test_score_cards_are_spaced_and_the_chart_fits_its_column(page, two_rounds):
    _rounds, location = two_rounds
    sign_in(page, "e2e_reader")
    page.goto(f"/indices/locations/{location.uid}/")
    cards = page.locator("section.card.stacked")
    assert cards.count() == 2
    assert cards.first.evaluate("c => getComputedStyle(c).marginBlockEnd") == "16px"
    page.set_viewport_size({"width": 400, "height": 800})
    page.goto(f"/tracking/locations/{location.uid}/")
    chart = page.locator("figure.chart > svg")
    box, column = chart.bounding_box(), page.locator("figure.chart").bounding_box()
    assert 0 < box["width"] <= column["width"]
    assert box["height"] == pytest.approx(box["width"] * 240 / 640, abs=1)
    assert page.locator("figure.chart figcaption .swatch rect").first.get_attribute("fill")
