"""Round pages and the figures API agree with the fact table; imports and emergencies by HTTP."""

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from masar.geo.tests.factories import location_in
from masar.tracking.choices import Shelter
from masar.tracking.models import EmergencyEvent, Figure, Round

from .factories import release
from .files import masar_file, masar_row

pytestmark = pytest.mark.django_db
_periods = itertools.count()

fact = st.tuples(
    st.sampled_from([0, 1, 2]),
    st.sampled_from(["idp", "returnee"]),
    st.sampled_from(Shelter.values),
    st.integers(min_value=1, max_value=5000),
    st.integers(min_value=0, max_value=4),
)


@pytest.fixture
def three_places(geography):
    return [
        location_in("IQG15Q05N01"),
        location_in("IQG01Q01N01"),
        location_in("IQG16Q01N01"),
    ]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(fact, min_size=1, max_size=25))
def test_every_total_on_the_round_page_and_api_is_the_sum_of_the_rows(
    three_places, admin_client_for, rows
):
    client, api = admin_client_for
    start = date(2000, 1, 1) + timedelta(days=3 * next(_periods))
    round_ = Round.objects.create(start_date=start, end_date=start + timedelta(days=1))
    Figure.objects.bulk_create(
        Figure(round=round_, location=three_places[i], population_type=p, shelter=s,
               families=f, individuals=f * (5 + extra))
        for i, p, s, f, extra in rows
    )  # fmt: skip
    expected = {}
    for i, p, _s, f, extra in rows:
        gov = three_places[i].governorate.pcode
        for key in ((gov, p), ("IQ", p)):
            families, people = expected.get(key, (0, 0))
            expected[key] = (families + f, people + f * (5 + extra))
    page = client.get(f"/tracking/rounds/{round_.uid}/")
    totals = page.context["totals"]
    for p in ("idp", "returnee"):
        assert (totals[p]["families"], totals[p]["individuals"]) == expected.get(("IQ", p), (0, 0))
    for level in ("governorate", "country"):
        body = api.get("/api/v1/figures/", {"round": str(round_.uid), "level": level}).json()
        got = {(r["pcode"], r["population_type"]): (r["families"], r["individuals"]) for r in body}
        want = {k: v for k, v in expected.items() if (k[0] == "IQ") == (level == "country")}
        assert got == want


@pytest.fixture
def admin_client_for(personas, client, api_as):
    client.force_login(personas["im_officer"])
    return client, api_as(personas["im_officer"])


def test_case_workers_see_only_their_governorates_figures(personas, three_places, client):
    round_ = Round.objects.create(start_date=date(2024, 1, 1), end_date=date(2024, 2, 1))
    for place in three_places:
        Figure.objects.create(round=round_, location=place, population_type="idp",
                              shelter="camp", families=10, individuals=50)  # fmt: skip
    release(round_, personas["im_officer"])
    client.force_login(personas["case_worker"])  # Ninewa only
    totals = client.get(f"/tracking/rounds/{round_.uid}/").context["totals"]
    assert totals["idp"]["individuals"] == 50
    client.logout()
    assert client.get(f"/tracking/rounds/{round_.uid}/").status_code == 302


def test_an_import_through_the_api_returns_the_commands_report(
    personas, geography, tmp_path, api_as
):
    location_in("IQG15Q05N01", external_id="L-1")
    path = masar_file(tmp_path / "r.csv", [masar_row("L-1", camp=7)])
    api = api_as(personas["im_officer"])
    form = {"round_start": "2024-01-01", "round_end": "2024-02-29"}
    with open(path, "rb") as handle:
        created = api.post("/api/v1/imports/", {**form, "file": handle}, format="multipart")
    assert created.status_code == 201, created.content
    assert created.json()["totals"]["idp"]["families"] == 7
    with open(path, "rb") as handle:
        again = api.post("/api/v1/imports/", {**form, "file": handle}, format="multipart")
    assert again.status_code == 422 and "already imported" in again.json()["error"]
    with open(path, "rb") as handle:
        refused = api_as(personas["case_worker"]).post(
            "/api/v1/imports/", {**form, "file": handle}, format="multipart"
        )
    assert refused.status_code == 404


def test_the_import_page_shows_the_report(personas, geography, tmp_path, client):
    location_in("IQG15Q05N01", external_id="L-1")
    path = masar_file(tmp_path / "r.csv", [masar_row("L-1", camp=-1)])
    client.force_login(personas["im_officer"])
    with open(path, "rb") as handle:
        page = client.post(
            "/tracking/import/",
            {"file": handle, "round_start": "2024-01-01", "round_end": "2024-02-29",
             "layout": "masar", "on_unresolved": "reject"},
            follow=True,
        )  # fmt: skip
    body = page.content.decode()
    assert page.redirect_chain[0][0].startswith("/jobs/")  # the import ran in the background
    assert "Rejected" in body and "negative number" in body
    assert client.get("/tracking/import/template.csv").content.startswith("\ufeff".encode())


def test_an_emergency_gets_updates_by_form_and_csv_with_cumulative_figures(
    personas, geography, client
):
    place = location_in("IQG17Q01N01", external_id="S-1")
    client.force_login(personas["im_officer"])
    response = client.post(
        "/tracking/emergencies/",
        {"name": "Drought", "cause": "drought", "start_date": "2024-06-01"},
    )
    event = EmergencyEvent.objects.get()
    assert response.url == f"/tracking/emergencies/{event.uid}/"
    client.post(
        response.url,
        {"update": "1", "location": "S-1", "reported_on": "2024-06-08", "families_displaced": 5,
         "individuals_displaced": 30, "families_returned": 0, "individuals_returned": 0},
    )  # fmt: skip
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv_text = (
        "location_id,date,families_displaced,individuals_displaced,families_returned,"
        "individuals_returned\nS-1,2024-06-15,2,12,1,6\n"
    )
    client.post(
        response.url,
        {"upload": "1", "file": SimpleUploadedFile("u.csv", csv_text.encode())},
    )
    series = client.get(response.url).context["series"]
    assert [s["total_individuals_displaced"] for s in series] == [30, 42]
    assert series[-1]["currently_displaced"] == 36
    assert event.updates.filter(location=place).count() == 2


def test_the_comparison_page_counts_the_changes_between_two_rounds(three_places, client, personas):
    first = Round.objects.create(start_date=date(2024, 1, 1), end_date=date(2024, 2, 29))
    second = Round.objects.create(start_date=date(2024, 3, 1), end_date=date(2024, 4, 30))
    for round_, place, families in ((first, 0, 10), (first, 1, 4), (second, 0, 12), (second, 2, 3)):
        Figure.objects.create(
            round=round_,
            location=three_places[place],
            population_type="idp",
            shelter="camp",
            families=families,
            individuals=families * 5,
        )
    client.force_login(personas["im_officer"])

    page = client.get("/tracking/compare/", {"a": str(first.uid), "b": str(second.uid)})
    export = client.get(
        "/tracking/compare/", {"a": str(first.uid), "b": str(second.uid), "format": "csv"}
    )

    assert page.status_code == 200
    assert page.context["counts"] == {"changed": 1, "closed": 1, "new": 1}
    assert export.status_code == 200 and b"families_before" in export.content
