"""Computing a round's results in bulk, versions kept apart, and the severity contract."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from django.contrib.auth import get_user_model

from masar.geo.tests.factories import location_in
from masar.indices import actions, engine, queries, severity
from masar.indices.models import Hotspot, IndexResult, IndicatorValue

from .factories import (
    add_figure,
    answer_all,
    answered_locations,
    make_round,
    stub_population,
)


@pytest.fixture
def round(geography):
    return make_round()


def test_compute_indices_stores_a_result_per_location_and_index(round, run_command):
    locations = answered_locations(round, count=6)
    code, out, _ = run_command("compute_indices", "--round", "latest")
    assert code == 0, out
    assert IndexResult.objects.filter(round=round).count() == 12
    result = IndexResult.objects.get(location=locations[0], methodology__name="return-index")
    assert set(result.scale_scores) == {"livelihoods", "safety"}
    expected = engine.compute_scores(
        result.methodology.engine, queries.answers_frame(round, "return-index")
    )
    assert result.score == expected.loc[locations[0].pk, "score"]
    assert result.category == expected.loc[locations[0].pk, "category"]
    assert "return-index@1" in out and "displacement-index@1" in out


def _worst(indicator, location):
    return indicator.worst


@pytest.mark.parametrize(
    ("index", "described", "other"),
    [("return-index", "returnee", "idp"), ("displacement-index", "idp", "returnee")],
)
def test_an_index_describes_only_the_locations_where_its_population_lives(
    round, run_command, index, described, other
):
    """The Return Index describes locations of return, the Displacement Index locations hosting
    IDPs: a location answered but without that population gets no result, category or hotspot,
    even when its answers are the worst (which would make it a high-severity hotspot)."""
    actions.ensure_shipped_methodologies()
    inside = location_in("IQG15Q05N01")
    outside = location_in("IQG01Q01N01")  # another subdistrict, so a hotspot would be its own
    answer_all(round, [inside, outside], index, _worst)
    add_figure(round, inside, described, 600)
    add_figure(round, inside, other, 60)
    add_figure(round, outside, other, 1200)

    code, out, _ = run_command("compute_indices", "--round", "latest", "--methodology", index)

    assert code == 0, out
    results = IndexResult.objects.filter(round=round, methodology__name=index)
    assert list(results.values_list("location_id", "category", "population")) == [
        (inside.pk, "high", 600)
    ]
    assert list(
        Hotspot.objects.filter(round=round, methodology__name=index).values_list(
            "subdistrict__pcode", "population"
        )
    ) == [("IQG15Q05N01", 600)]
    assert "not described by this index" in out and "1 answered locations" in out
    admin = get_user_model().objects.create_superuser("reader", "reader@example.org", "x")
    dashboard = queries.get_dashboard(admin, round, queries.get_methodology(index))
    assert dashboard["national"]["high"] == [1, 600]
    assert [r.location_id for r in dashboard["most_severe"]] == [inside.pk]
    assert severity.latest_return_index([outside.pk]) == {}


def test_an_index_still_estimates_its_weights_on_locations_it_does_not_describe(round):
    """The locations without returns are the comparison group of the Return Index's weights."""
    actions.ensure_shipped_methodologies()
    locations = answered_locations(round, count=60, seed=4)
    answers = queries.answers_frame(round, "return-index")
    s = engine.severities(queries.get_methodology("return-index").engine, answers)
    rng = np.random.default_rng(5)
    returns = rng.random(len(s)) < 1 / (1 + np.exp(8 * (s.mean(axis=1) - s.mean())))
    by_id = {location.pk: location for location in locations}
    for location_id, yes in zip(answers.index, returns, strict=True):
        add_figure(round, by_id[location_id], "returnee" if yes else "idp", 300)

    v2 = actions.estimate_methodology_weights("return-index", round)
    report = actions.compute_results(round, v2)

    assert v2.diagnostics["n"] == len(locations)
    assert 0 < report.locations == int(returns.sum()) < len(locations)
    assert report.out_of_scope == len(locations) - report.locations


def test_the_number_of_queries_does_not_grow_with_the_locations(
    round, django_assert_max_num_queries
):
    answered_locations(round, count=3)
    methodologies = actions.ensure_shipped_methodologies()
    with django_assert_max_num_queries(30):
        actions.compute_indices(round, methodologies)
    answered_locations(round, count=40, seed=9)
    with django_assert_max_num_queries(30):
        actions.compute_indices(round, methodologies)
    assert IndexResult.objects.filter(round=round).count() == 86


def test_a_result_computed_with_version_1_stays_unchanged_after_version_2_is_computed(round):
    answered_locations(round, count=5)
    v1 = actions.ensure_shipped_methodologies()[1]
    actions.compute_indices(round, [v1])
    before = list(IndexResult.objects.filter(methodology=v1).values().order_by("id"))
    definition = dict(v1.definition, version=2)
    definition["combination"] = {"weights": {"livelihoods": 3, "safety": 1}}
    v2 = actions.register_methodology(definition)

    actions.compute_indices(round, [v2])

    assert list(IndexResult.objects.filter(methodology=v1).values().order_by("id")) == before
    assert IndexResult.objects.filter(methodology=v2).count() == 5
    scores = dict(IndexResult.objects.filter(methodology=v2).values_list("location_id", "score"))
    assert any(scores[r["location_id"]] != r["score"] for r in before)


def test_recomputing_the_same_version_replaces_its_results(round):
    locations = answered_locations(round, count=2)
    actions.compute_indices(round)
    IndicatorValue.objects.filter(location=locations[0], index="return-index").update(value=0)
    actions.compute_indices(round)
    assert IndexResult.objects.filter(round=round, methodology__version=1).count() == 4


def test_a_location_missing_too_many_answers_is_stored_without_score_and_listed(round):
    actions.ensure_shipped_methodologies()
    locations = answered_locations(round, count=2)
    IndicatorValue.objects.filter(
        location=locations[1], index="return-index", indicator__in=["water_sufficiency",
        "electricity_sufficiency"],
    ).delete()  # fmt: skip
    report = actions.compute_indices(round)[1]
    assert report.insufficient == [locations[1].external_id]
    result = IndexResult.objects.get(location=locations[1], methodology__name="return-index")
    assert result.score is None and result.category == "" and result.status == "insufficient"


def test_hotspots_use_the_population_threshold(round, monkeypatch):
    actions.ensure_shipped_methodologies()
    locations = answered_locations(round, count=4, pcodes=("IQG15Q05N01", "IQG01Q01N01"))

    def pick(indicator, location):  # a medium score on both scales everywhere
        return min((abs(indicator.severity(o.code) - 0.4), o.code) for o in indicator.options)[1]

    IndicatorValue.objects.all().delete()
    answer_all(round, locations, "return-index", pick)
    # Ninewa's subdistrict hosts many returnees, Anbar's few.
    stub_population(
        monkeypatch, {loc.pk: 2000 if n % 2 == 0 else 10 for n, loc in enumerate(locations)}
    )
    ri = queries.get_methodology("return-index")
    report = actions.compute_results(round, ri)
    assert report.by_category == {"medium": 4}
    hotspots = list(Hotspot.objects.filter(round=round))
    assert [h.subdistrict.pcode for h in hotspots] == ["IQG15Q05N01"]
    assert hotspots[0].reason == "medium_large_population" and hotspots[0].population == 4000


def test_latest_return_index_gives_each_location_its_newest_result(round):
    assert severity.latest_return_index([1, 2]) == {}
    locations = answered_locations(round, count=2)
    actions.compute_indices(round)
    later = make_round(dt.date(2024, 12, 31), number=9)
    answer_all(later, locations[:1], "return-index", lambda i, loc: i.worst)
    actions.compute_indices(later)

    found = severity.latest_return_index([loc.pk for loc in locations] + [10**9])

    assert set(found) == {locations[0].pk, locations[1].pk}
    assert found[locations[0].pk] == severity.Severity(
        category="high", score=100.0, round_label=str(later), methodology="return-index@1"
    )
    assert found[locations[1].pk].round_label == str(round)


def test_an_embargoed_rounds_severity_does_not_reach_case_workers(round):
    locations = answered_locations(round, count=1)
    actions.compute_indices(round)
    later = make_round(dt.date(2024, 12, 31), number=9)
    answer_all(later, locations, "return-index", lambda i, loc: i.worst)
    actions.compute_indices(later)
    type(later).objects.filter(pk=later.pk).update(embargo_until=dt.date(2099, 1, 1))

    found = severity.latest_return_index([locations[0].pk])

    assert found[locations[0].pk].round_label == str(round)


def test_estimate_weights_on_a_round_stores_a_new_version_with_diagnostics(
    round, monkeypatch, run_command
):
    actions.ensure_shipped_methodologies()
    locations = answered_locations(round, count=60, seed=4)
    answers = queries.answers_frame(round, "return-index")
    s = engine.severities(queries.get_methodology("return-index").engine, answers)
    rng = np.random.default_rng(5)
    has_returns = rng.random(len(s)) < 1 / (1 + np.exp(8 * (s.mean(axis=1) - s.mean())))
    stub_population(
        monkeypatch, {loc: 500 for loc, yes in zip(answers.index, has_returns, strict=True) if yes}
    )
    code, out, _ = run_command(
        "estimate_weights", "--methodology", "return-index", "--round", "latest"
    )
    assert code == 0, out
    v2 = queries.get_methodology("return-index")
    assert v2.version == 2 and v2.source == "estimated"
    assert v2.diagnostics["n"] == len(locations)
    assert v2.diagnostics["round"] == str(round)
    assert "coef" in v2.diagnostics["coefficients"]["explosive_hazards"]


def test_compute_indices_with_an_unknown_round_exits_2(geography, run_command):
    code, _, err = run_command("compute_indices", "--round", "2001-01-01")
    assert code == 2 and "no round" in err


def test_a_csv_exported_from_masar_recomputes_to_the_stored_scores(round, tmp_path, run_command):
    answered_locations(round, count=8)
    actions.compute_indices(round)
    methodology = queries.get_methodology("return-index")
    admin = get_user_model().objects.create_superuser("exporter", "exporter@example.org", "x")

    frame = queries.export_frame(admin, round, methodology)
    tags = pd.DataFrame([queries.hxl_tags(methodology)], columns=frame.columns)
    pd.concat([tags, frame]).to_csv(tmp_path / "export.csv", index=False)
    (tmp_path / "m.yaml").write_text(engine.dump_definition(methodology.definition))

    code, _, _ = run_command(
        "compute_index", "--methodology", str(tmp_path / "m.yaml"),
        "--input", str(tmp_path / "export.csv"), "--output", str(tmp_path / "again.csv"),
    )  # fmt: skip

    assert code == 0
    again = pd.read_csv(tmp_path / "again.csv", dtype={"location_id": str})
    stored = dict(
        IndexResult.objects.filter(methodology=methodology).values_list(
            "location__external_id", "score"
        )
    )
    assert dict(zip(again["location_id"], again["score"], strict=True)) == stored
