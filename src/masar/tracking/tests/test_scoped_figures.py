"""Location-level figures reach a user only within the governorates of their grants, on the
comparison page, its CSV and the figures API alike (the round map's scoping)."""

import csv
import io
from datetime import date

import pytest

from masar.geo.tests.factories import location_in
from masar.tracking.models import AreaFigure, Figure, Round

from .factories import release

pytestmark = pytest.mark.django_db

NINEWA, ANBAR, SALAH = "IQG15", "IQG01", "IQG16"


@pytest.fixture
def two_rounds(personas):
    """Two published rounds with one location in each of three governorates, every one of them
    changed between the rounds."""
    places = {
        NINEWA: location_in("IQG15Q05N01", external_id="NIN-1"),
        ANBAR: location_in("IQG01Q01N01", external_id="ANB-1"),
        SALAH: location_in("IQG16Q01N01", external_id="SAL-1"),
    }
    first = Round.objects.create(start_date=date(2024, 1, 1), end_date=date(2024, 2, 29))
    second = Round.objects.create(start_date=date(2024, 3, 1), end_date=date(2024, 4, 30))
    for round_, families in ((first, 10), (second, 12)):
        for place in places.values():
            Figure.objects.create(
                round=round_,
                location=place,
                population_type="idp",
                shelter="camp",
                families=families,
                individuals=families * 5,
            )
        release(round_, personas["im_officer"])
    return first, second


def _seen(persona, personas, client, api_as, rounds):
    """The location ids on the page and in the CSV, and the governorates and country total in
    the figures API, as `persona` sees them."""
    first, second = rounds
    client.force_login(personas[persona])
    query = {"a": str(first.uid), "b": str(second.uid)}
    page = client.get("/tracking/compare/", query)
    export = client.get("/tracking/compare/", {**query, "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    api = api_as(personas[persona])
    by_area = {}
    for level in ("governorate", "district", "country"):
        answer = api.get("/api/v1/figures/", {"round": str(second.uid), "level": level})
        assert answer.status_code == 200
        by_area[level] = answer.json()
    return {
        "page": {r["location"] for r in page.context["rows"]},
        "counts": page.context["counts"],
        "csv": {r["location_id"] for r in rows if r["location_id"] != "#loc+code"},
        "governorates": {r["pcode"] for r in by_area["governorate"]},
        "districts": {r["pcode"][:5] for r in by_area["district"]},
        "country": sum(r["individuals"] for r in by_area["country"]),
    }


def test_a_user_whose_grant_covers_one_governorate_sees_only_its_locations(
    two_rounds, personas, client, api_as
):
    seen = _seen("case_worker", personas, client, api_as, two_rounds)  # Ninewa only

    assert seen["page"] == seen["csv"] == {"NIN-1"}
    assert seen["counts"] == {"changed": 1}
    assert seen["governorates"] == seen["districts"] == {NINEWA}
    assert seen["country"] == 60


def test_national_users_see_every_governorate(two_rounds, personas, client, api_as):
    seen = _seen("im_officer", personas, client, api_as, two_rounds)

    assert seen["page"] == seen["csv"] == {"NIN-1", "ANB-1", "SAL-1"}
    assert seen["governorates"] == seen["districts"] == {NINEWA, ANBAR, SALAH}
    assert seen["country"] == 180


def test_admin_level_figures_are_scoped_and_the_country_row_is_national_only(
    personas, geography, api_as
):
    round_ = Round.objects.create(start_date=date(2023, 1, 1), end_date=date(2023, 3, 31))
    for pcode in ("IQ", NINEWA, ANBAR, "IQG15Q05", "IQG01Q01"):
        AreaFigure.objects.create(round=round_, area=geography.get(pcode=pcode),
                                  population_type="idp", families=1, individuals=5)  # fmt: skip
    release(round_, personas["im_officer"])

    def pcodes(persona, level):
        answer = api_as(personas[persona]).get(
            "/api/v1/figures/", {"round": str(round_.uid), "level": level}
        )
        return {r["pcode"] for r in answer.json()}

    assert pcodes("case_worker", "governorate") == {NINEWA}
    assert pcodes("case_worker", "district") == {"IQG15Q05"}
    assert pcodes("case_worker", "country") == set()
    assert pcodes("im_officer", "governorate") == {NINEWA, ANBAR}
    assert pcodes("im_officer", "district") == {"IQG15Q05", "IQG01Q01"}
    assert pcodes("im_officer", "country") == {"IQ"}
