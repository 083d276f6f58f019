"""The pipeline dashboard below national scope: small counts suppressed, so that no cell and
no total gives away a handful of households; a national IM officer sees the exact figures."""

import pytest

from masar.geo.tests.factories import site_in
from masar.lib.disclosure import Suppressed

from .factories import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def ninewa_cases(personas):
    """3, 6 and 8 registered households at three sites in Ninewa."""
    worker = personas["case_worker"]
    for name, count in (("Camp A", 3), ("Camp B", 6), ("Camp C", 8)):
        site = site_in("IQG15Q05N01", name=name)
        for _ in range(count):
            register(worker, site=site)


def _pipeline(persona, personas, client):
    client.force_login(personas[persona])
    page = client.get("/cases/dashboard/")
    assert page.status_code == 200
    return page, page.context["pipeline"]


def test_a_sub_national_cell_of_three_is_shown_suppressed(ninewa_cases, personas, client):
    page, pipeline = _pipeline("government", personas, client)  # MoMD, Ninewa only

    sites = {r["current_site__name"]: r["n"] for r in pipeline["by_site"]}
    # The 3 is withheld, and the 6 with it: the published 17 registered would give it away.
    assert sites == {"Camp A": Suppressed(5), "Camp B": Suppressed(5, primary=False), "Camp C": 8}
    assert dict((s, n) for s, _l, n in pipeline["by_state"])["registered"] == 17
    assert pipeline["total"] == 17
    assert b"&lt;5" in page.content and b"suppression-note" in page.content


def test_a_national_im_officer_sees_the_exact_figures(ninewa_cases, personas, client):
    page, pipeline = _pipeline("im_officer", personas, client)

    sites = {r["current_site__name"]: r["n"] for r in pipeline["by_site"]}
    assert sites == {"Camp A": 3, "Camp B": 6, "Camp C": 8}
    assert pipeline["threshold"] is None and b"suppression-note" not in page.content
