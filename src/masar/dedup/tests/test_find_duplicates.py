"""`masar find_duplicates` in file mode: no database needed, precision and recall on request."""

import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "bench" / "dedup"))

from generate import generate_rows, write_csv


def test_file_mode_writes_pairs_and_clusters_and_scores_them(tmp_path, run_command):
    people = tmp_path / "people.csv"
    write_csv(generate_rows(1500, seed=11, duplicate_share=0.2), people)
    pairs, clusters = tmp_path / "pairs.csv", tmp_path / "clusters.csv"
    code, out, err = run_command(
        "find_duplicates", "--input", str(people), "--output", str(pairs),
        "--clusters", str(clusters), "--truth", "truth", "--json",
    )  # fmt: skip
    assert code == 0, err
    summary = json.loads(out)
    evaluation = summary["evaluation"]
    assert evaluation["precision"] > 0.85 and evaluation["recall"] > 0.8
    with open(pairs, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and set(rows[0]) == {"record_id_l", "record_id_r", "match_probability"}
    assert all(float(r["match_probability"]) >= 0.8 for r in rows)
    with open(clusters, encoding="utf-8") as handle:
        assert sum(1 for _ in csv.DictReader(handle)) == summary["records"]


def test_file_mode_refuses_a_file_without_names(tmp_path, run_command):
    people = tmp_path / "people.csv"
    people.write_text("record_id,phone\n1,0770\n")
    code, _out, err = run_command(
        "find_duplicates", "--input", str(people), "--output", str(tmp_path / "p.csv")
    )
    assert code == 2
    assert "full_name" in err
