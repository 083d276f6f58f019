"""The file modes work without the database and agree with what Masar stores."""

import numpy as np
import pandas as pd
import pytest
import yaml

from masar.indices import engine


def write_indicators(path, methodology, n=300, seed=3, outcome=False):
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {i.code: rng.choice([o.code for o in i.options], n) for i in methodology.indicators}
    )
    frame.insert(0, "location_id", [f"L{k:04d}" for k in range(n)])
    frame.insert(1, "subdistrict", rng.choice(["IQG15Q05N01", "IQG01Q01N01"], n))
    frame.insert(2, "population", rng.integers(0, 3000, n))
    if outcome:
        s = engine.severities(methodology, frame)
        beta = -np.linspace(0.5, 2.5, len(methodology.indicators))
        p = 1 / (1 + np.exp(-(s @ beta - s.mean(axis=0) @ beta)))
        frame["has_returns"] = (rng.random(n) < p).astype(int)
    frame.to_csv(path, index=False)
    return frame


def test_compute_index_writes_the_same_rows_with_scores_and_categories(tmp_path, run_command):
    methodology = engine.load_methodology("return-index")
    source = write_indicators(tmp_path / "in.csv", methodology)
    code, out, _ = run_command(
        "compute_index",
        "--methodology", str(engine.shipped_path("return-index")),
        "--input", str(tmp_path / "in.csv"),
        "--output", str(tmp_path / "out.csv"),
        "--hotspots", str(tmp_path / "hot.csv"),
    )  # fmt: skip
    assert code == 0, out
    result = pd.read_csv(tmp_path / "out.csv")
    assert list(result["location_id"]) == list(source["location_id"])
    expected = engine.compute_scores(methodology, source)
    assert np.allclose(result["score"], expected["score"])
    assert set(result["category"]) <= {"low", "medium", "high"}
    assert {"livelihoods_score", "safety_score", "status"} <= set(result.columns)
    assert "low:" in out and "hotspots:" in out
    assert set(pd.read_csv(tmp_path / "hot.csv")["subdistrict"]) == set(source["subdistrict"])


def test_compute_index_leaves_out_the_rows_without_the_index_population(tmp_path, run_command):
    """As in Masar: a location of none of the index's population gets no result; a blank
    population is unknown and is scored."""
    methodology = engine.load_methodology("return-index")
    frame = write_indicators(tmp_path / "in.csv", methodology, n=20)
    frame["population"] = frame["population"].astype("Int64")
    frame.loc[[2, 5], "population"] = 0
    frame.loc[7, "population"] = pd.NA
    frame.to_csv(tmp_path / "in.csv", index=False)
    code, out, _ = run_command(
        "compute_index", "--methodology", "return-index",
        "--input", str(tmp_path / "in.csv"), "--output", str(tmp_path / "out.csv"),
        "--hotspots", str(tmp_path / "hot.csv"),
    )  # fmt: skip
    assert code == 0, out
    result = pd.read_csv(tmp_path / "out.csv")
    assert list(result["location_id"]) == [f"L{k:04d}" for k in range(20) if k not in (2, 5)]
    assert "left out (no returnee population in population): 2" in out
    assert pd.read_csv(tmp_path / "hot.csv")["locations"].sum() <= 18


def test_compute_index_rejects_answers_outside_the_options_with_exit_code_2(tmp_path, run_command):
    methodology = engine.load_methodology("displacement-index")
    frame = write_indicators(tmp_path / "in.csv", methodology, n=5)
    frame.loc[3, "water_access"] = 9
    frame.to_csv(tmp_path / "in.csv", index=False)
    code, _, err = run_command(
        "compute_index", "--methodology", "displacement-index",
        "--input", str(tmp_path / "in.csv"), "--output", str(tmp_path / "out.csv"),
    )  # fmt: skip
    assert code == 2
    assert "row L0003: water_access='9" in err
    assert not (tmp_path / "out.csv").exists()


def test_compute_index_rejects_duplicate_location_ids(tmp_path, run_command):
    methodology = engine.load_methodology("return-index")
    frame = write_indicators(tmp_path / "in.csv", methodology, n=4)
    frame.loc[2, "location_id"] = "L0001"
    frame.to_csv(tmp_path / "in.csv", index=False)
    code, _, err = run_command(
        "compute_index", "--methodology", "return-index",
        "--input", str(tmp_path / "in.csv"), "--output", str(tmp_path / "out.csv"),
    )  # fmt: skip
    assert code == 2 and "L0001 appears more than once" in err


def test_an_invalid_methodology_file_is_rejected_with_exit_code_2(tmp_path, run_command):
    (tmp_path / "bad.yaml").write_text("name: x\nversion: 1\ngroups: []\n")
    write_indicators(tmp_path / "in.csv", engine.load_methodology("return-index"), n=3)
    code, _, err = run_command(
        "compute_index", "--methodology", str(tmp_path / "bad.yaml"),
        "--input", str(tmp_path / "in.csv"), "--output", str(tmp_path / "out.csv"),
    )  # fmt: skip
    assert code == 2 and "groups" in err


def test_estimate_weights_on_files_writes_a_new_version_that_compute_index_reads(
    tmp_path, run_command
):
    methodology = engine.load_methodology("return-index")
    write_indicators(tmp_path / "in.csv", methodology, n=3000, outcome=True)
    code, out, _ = run_command(
        "estimate_weights", "--methodology", "return-index",
        "--input", str(tmp_path / "in.csv"), "--outcome", "has_returns",
        "--output", str(tmp_path / "v2.yaml"),
    )  # fmt: skip
    assert code == 0, out
    assert "return-index@2: logit on 3000 locations" in out
    written = yaml.safe_load((tmp_path / "v2.yaml").read_text())
    assert written["version"] == 2 and written["weighting"]["method"] == "estimated"
    weights = [i["weight"] for i in written["indicators"]]
    assert weights[-1] > weights[7]  # the strongest safety indicator outweighs the weakest
    code, _, _ = run_command(
        "compute_index", "--methodology", str(tmp_path / "v2.yaml"),
        "--input", str(tmp_path / "in.csv"), "--output", str(tmp_path / "out.csv"),
    )  # fmt: skip
    assert code == 0


def test_estimate_weights_needs_either_a_round_or_files(run_command):
    code, _, err = run_command("estimate_weights", "--methodology", "return-index")
    assert code == 2 and "--round" in err


@pytest.mark.parametrize("outcome", ["nowhere"])
def test_estimate_weights_rejects_a_missing_outcome_column(tmp_path, run_command, outcome):
    write_indicators(tmp_path / "in.csv", engine.load_methodology("return-index"), n=50)
    code, _, err = run_command(
        "estimate_weights", "--methodology", "return-index", "--input", str(tmp_path / "in.csv"),
        "--outcome", outcome, "--output", str(tmp_path / "v2.yaml"),
    )  # fmt: skip
    assert code == 2 and "nowhere" in err


def test_import_assessments_stores_a_file_or_rejects_it_whole(tmp_path, run_command, geography):
    from masar.geo.tests.factories import location_in
    from masar.indices.models import IndicatorValue
    from masar.indices.tests.factories import make_round

    round = make_round()
    locations = [location_in("IQG15Q05N01") for _ in range(3)]
    methodology = engine.load_methodology("return-index")
    frame = write_indicators(tmp_path / "in.csv", methodology, n=3)
    frame["location_id"] = [loc.external_id for loc in locations]
    frame.loc[1, "checkpoints"] = None
    frame.to_csv(tmp_path / "in.csv", index=False)
    args = ["--round", "latest", "--index", "return-index"]
    code, out, _ = run_command("import_assessments", str(tmp_path / "in.csv"), *args)
    assert code == 0, out
    assert IndicatorValue.objects.filter(round=round).count() == 3 * 16 - 1

    frame.loc[0, "location_id"] = "NOWHERE"
    frame.loc[2, "blocked_returns"] = 5
    frame.to_csv(tmp_path / "bad.csv", index=False)
    code, _, err = run_command("import_assessments", str(tmp_path / "bad.csv"), *args)
    assert code == 2
    assert "NOWHERE: unknown location id" in err and "blocked_returns='5" in err
    assert IndicatorValue.objects.filter(round=round).count() == 3 * 16 - 1
