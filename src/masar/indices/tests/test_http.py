"""The index pages, exports, assessment form and API, through HTTP."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from masar.geo.tests.factories import location_in
from masar.indices import actions, exports
from masar.indices.models import IndexResult, IndicatorValue

from .factories import answer_all, answered_locations, make_round, stub_population

NINEWA, ANBAR = "IQG15Q05N01", "IQG01Q01N01"


@pytest.fixture
def computed(personas, monkeypatch):
    round = make_round()
    locations = answered_locations(round, count=8, pcodes=(NINEWA, ANBAR))
    stub_population(monkeypatch, {loc.pk: 100 * (n + 1) for n, loc in enumerate(locations)})
    actions.compute_indices(round)
    return round, locations


def dashboard_url(round, name="return-index"):
    return f"/indices/rounds/{round.uid}/{name}/"


def test_the_index_home_opens_the_latest_dashboard(computed, login, personas):
    round, _ = computed
    response = login(personas["im_officer"]).get("/indices/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"/indices/rounds/{round.uid}/")


def test_without_results_the_home_says_how_to_compute(personas, login):
    response = login(personas["im_officer"]).get("/indices/")
    assert b"compute_indices" in response.content


def test_anonymous_visitors_are_sent_to_sign_in(computed, client):
    round, _ = computed
    assert client.get(dashboard_url(round)).status_code == 302


def test_the_governorate_table_sums_to_the_national_figures(computed, login, personas):
    round, _ = computed
    response = login(personas["im_officer"]).get(dashboard_url(round))
    assert response.status_code == 200
    table, national = response.context["table"], response.context["national"]
    assert [row["area"].pcode for row in table] == ["IQG01", "IQG15"]
    for key in ("high", "medium", "low", "total"):
        assert national[key] == [sum(row[key][i] for row in table) for i in (0, 1)]
    assert national["total"] == [8, sum(100 * (n + 1) for n in range(8))]
    summary = {row["category"]: row["locations"] for row in response.context["summary"]}
    assert sum(summary.values()) == 8
    assert b"most-severe" in response.content and b"governorates" in response.content


def test_a_governorate_scoped_user_sees_only_their_governorate(computed, login, personas):
    round, _ = computed
    response = login(personas["case_worker"]).get(dashboard_url(round))
    assert [row["area"].pcode for row in response.context["table"]] == ["IQG15"]
    features = login(personas["case_worker"]).get(dashboard_url(round) + "map.geojson").json()
    assert len(features["features"]) == 4


def test_the_dashboard_query_count_does_not_grow_with_locations(
    computed, login, personas, django_assert_max_num_queries
):
    round, _ = computed
    client = login(personas["im_officer"])
    client.get(dashboard_url(round))
    with django_assert_max_num_queries(25):
        assert client.get(dashboard_url(round)).status_code == 200


def test_the_csv_export_has_an_hxl_row_and_every_visible_location(computed, login, personas):
    round, _ = computed
    response = login(personas["case_worker"]).get(dashboard_url(round) + "export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["location_id", "location_name"]
    assert rows[1][0] == "#loc+code" and all(tag.startswith("#") for tag in rows[1])
    assert len(rows) == 2 + 4
    assert "attachment" in response["Content-Disposition"]


def test_the_xlsx_export_opens_with_the_same_rows(computed, login, personas):
    round, _ = computed
    response = login(personas["im_officer"]).get(dashboard_url(round) + "export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[1][0] == "#loc+code" and len(rows) == 10


def test_exports_neutralise_text_that_a_spreadsheet_would_run():
    assert exports.neutralise("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert exports.neutralise("Hay Al-Nour") == "Hay Al-Nour"
    assert exports.neutralise(3.5) == 3.5


def test_the_methodology_page_shows_the_estimation_diagnostics(computed, login, personas):
    round, _ = computed
    v1 = actions.ensure_shipped_methodologies()[1]
    definition = dict(v1.definition, version=2)
    definition["diagnostics"] = {
        "model": "logit", "n": 812, "n_dropped": 3, "pseudo_r2": 0.21,
        "estimated_from": "return-index@1", "round": str(round), "warnings": ["checkpoints: x"],
        "coefficients": {"const": {"coef": 1.0, "se": 0.1, "p": 0.0},
                         "blocked_returns": {"coef": -1.93, "se": 0.12, "p": 0.0}},
    }  # fmt: skip
    actions.register_methodology(definition, source="estimated")
    response = login(personas["government"]).get("/indices/methodologies/return-index/2/")
    content = response.content.decode()
    assert "812" in content and "-1.930" in content and "checkpoints: x" in content
    assert 'id="approximation"' in content
    listing = login(personas["government"]).get("/indices/methodologies/").content.decode()
    assert "/indices/methodologies/return-index/2/" in listing


def test_the_location_page_shows_scores_and_what_drives_them(computed, login, personas):
    _, locations = computed
    response = login(personas["case_worker"]).get(f"/indices/locations/{locations[0].uid}/")
    assert response.status_code == 200
    history = response.context["history"]
    assert {item["result"].methodology.name for item in history} == {
        "return-index", "displacement-index"
    }  # fmt: skip
    drivers = history[0]["drivers"]
    assert drivers == sorted(drivers, key=lambda d: -d["contribution"])
    # Contributions add up to the score.
    result = history[0]["result"]
    assert sum(d["contribution"] for d in drivers) == pytest.approx(result.score, abs=0.1 * 17)


def test_a_location_out_of_scope_answers_404(computed, login, personas):
    _, locations = computed
    anbar = locations[1]
    response = login(personas["case_worker"]).get(f"/indices/locations/{anbar.uid}/")
    assert response.status_code == 404


def test_an_enumerator_records_answers_through_the_form(personas, login):
    round = make_round()
    actions.ensure_shipped_methodologies()
    location = location_in(NINEWA)
    client = login(personas["enumerator"])
    query = f"?index=return-index&round={round.uid}&location={location.external_id}"
    page = client.get("/indices/assess/" + query)
    assert page.status_code == 200 and b"residential_destruction" in page.content
    response = client.post(
        "/indices/assess/" + query,
        {"residential_destruction": "3", "blocked_returns": "1", "checkpoints": ""},
    )
    assert response.status_code == 302
    stored = dict(
        IndicatorValue.objects.filter(round=round, location=location).values_list(
            "indicator", "value"
        )
    )
    assert stored == {"residential_destruction": 3.0, "blocked_returns": 1.0}
    again = client.get("/indices/assess/" + query)
    assert again.context["form"].initial["residential_destruction"] == "3"


def test_the_form_refuses_an_answer_that_is_not_an_option(personas, login):
    round = make_round()
    location = location_in(NINEWA)
    client = login(personas["enumerator"])
    query = f"?index=return-index&round={round.uid}&location={location.external_id}"
    response = client.post("/indices/assess/" + query, {"blocked_returns": "7"})
    assert response.status_code == 200 and response.context["form"].errors
    assert not IndicatorValue.objects.exists()


def test_an_enumerator_cannot_assess_a_location_outside_their_governorates(personas, login):
    round = make_round()
    anbar = location_in(ANBAR)
    query = f"?index=return-index&round={round.uid}&location={anbar.external_id}"
    response = login(personas["enumerator"]).get("/indices/assess/" + query)
    assert response.status_code == 200 and "form" not in response.context
    assert response.context["choose"].errors["location"]


def test_a_case_worker_cannot_open_the_assessment_form(personas, login):
    assert login(personas["case_worker"]).get("/indices/assess/").status_code == 403


def test_the_api_lists_results_in_scope_and_filters_them(computed, api_as, personas):
    round, _ = computed
    api = api_as(personas["case_worker"])
    response = api.get("/api/v1/index-results/", {"methodology": "return-index@1"})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert len(rows) == 4 and {r["governorate"] for r in rows} == {"IQG15"}
    assert all(r["methodology"] == "return-index@1" for r in rows)
    national = api_as(personas["im_officer"]).get(
        "/api/v1/index-results/", {"round": str(round.uid)}
    )
    assert national.json()["count"] == IndexResult.objects.count()


def test_the_api_lists_methodologies_and_hotspots(computed, api_as, personas):
    api = api_as(personas["im_officer"])
    keys = {m["key"] for m in api.get("/api/v1/index-methodologies/").json()["results"]}
    assert keys == {"return-index@1", "displacement-index@1"}
    assert api.get("/api/v1/hotspots/").status_code == 200
    assert api_as().get("/api/v1/hotspots/").status_code in (401, 403)


def test_pages_read_in_arabic_show_the_arabic_labels(computed, login, personas, settings):
    round, _ = computed
    client = login(personas["enumerator"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    dashboard = client.get(dashboard_url(round)).content.decode()
    assert 'dir="rtl"' in dashboard and "مؤشر العودة" in dashboard
    location = location_in(NINEWA)
    form = client.get(
        f"/indices/assess/?index=return-index&round={round.uid}&location={location.external_id}"
    ).content.decode()
    assert "كم عدد المنازل المدمرة" in form and "المقياس 1" in form


@pytest.fixture
def draft_computed(computed):
    """The computed round, set back to a draft (as after reopening it)."""
    round, locations = computed
    round.status = "draft"
    round.save(update_fields=["status"])
    return round, locations


def test_a_draft_round_answers_404_to_readers_and_opens_for_managers(
    draft_computed, login, personas
):
    round, locations = draft_computed
    reader = login(personas["case_worker"])
    for url in (dashboard_url(round), dashboard_url(round) + "map.geojson",
                dashboard_url(round) + "export.csv"):  # fmt: skip
        assert reader.get(url).status_code == 404, url
    assert b"compute_indices" in reader.get("/indices/").content
    history = reader.get(f"/indices/locations/{locations[0].uid}/").context["history"]
    assert history == []
    assert login(personas["im_officer"]).get(dashboard_url(round)).status_code == 200


def test_the_api_keeps_draft_results_and_hotspots_from_readers(draft_computed, api_as, personas):
    reader = api_as(personas["case_worker"])
    assert reader.get("/api/v1/index-results/").json()["count"] == 0
    assert reader.get("/api/v1/hotspots/").json()["count"] == 0
    manager = api_as(personas["im_officer"])
    assert manager.get("/api/v1/index-results/").json()["count"] == IndexResult.objects.count()


def test_category_changes_compare_with_the_previous_round_the_reader_may_see(
    computed, login, personas
):
    round, locations = computed
    earlier = make_round(dt.date(2023, 12, 31), status="draft")
    answer_all(earlier, locations, "return-index", lambda i, loc: i.worst)
    actions.compute_indices(earlier)
    reader = login(personas["case_worker"]).get(dashboard_url(round))
    assert reader.context["changes"] is None
    manager = login(personas["im_officer"]).get(dashboard_url(round))
    assert manager.context["changes"]["round"] == earlier
