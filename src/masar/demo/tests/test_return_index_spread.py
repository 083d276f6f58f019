"""The demo's Return Index: locations of return only, with a published-like spread of severity."""

from django.contrib.auth import get_user_model

from masar.core.demo import DemoContext
from masar.demo.actions import create_demo_users
from masar.geo.demo import generate_locations_and_sites
from masar.indices import demo as indices_demo
from masar.indices import queries
from masar.indices.models import Hotspot, IndexResult
from masar.tracking.demo import generate_rounds
from masar.tracking.models import Round


def test_the_small_demo_puts_a_published_like_share_of_returnees_in_high_severity(geography):
    """IOM DTM Iraq publishes about 10-12% of returnees in high-severity locations of return
    (Return Index Round 15: 12%, in 21% of the locations); the small demo (about 200 locations
    of return) must give between 5% and 20%, and describe no location without returnees."""
    context = DemoContext(seed=2026, scale="small")
    create_demo_users()
    generate_locations_and_sites(context)
    generate_rounds(context)
    indices_demo.generate_assessments(context)
    latest = Round.objects.order_by("-end_date").first()
    of_return = {k for k, n in (queries.get_population(latest, "returnee") or {}).items() if n > 0}
    methodology = queries.get_methodology("return-index")
    results = IndexResult.objects.filter(round=latest, methodology=methodology)
    assert set(results.values_list("location_id", flat=True)) == of_return
    assert len(of_return) > 150
    hotspots = Hotspot.objects.filter(round=latest, methodology=methodology)
    assert hotspots.exists()
    assert all(h.population > 0 for h in hotspots)  # a hotspot gathers locations of return only

    officer = get_user_model().objects.get(username="im_officer")
    dashboard = queries.get_dashboard(officer, latest, methodology)
    high = next(row for row in dashboard["summary"] if row["category"] == "high")
    assert 5 <= high["population_share"] <= 20, high
    assert 10 <= high["locations_share"] <= 35, high
