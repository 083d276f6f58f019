"""`masar find_duplicates` in file mode: no database needed, precision and recall on request."""

import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[4] / "bench" / "dedup"))

from generate import COLUMNS, evaluate, generate_rows, write_csv


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


def _record(record_id, given, father, grandfather, family, dob, phone, **extra):
    return {
        "record_id": record_id, "given_name": given, "father_name": father,
        "grandfather_name": grandfather, "family_name": family, "sex": extra.get("sex", "m"),
        "date_of_birth": dob, "birth_year": dob[:4], "phone": phone,
        "id_number": extra.get("id_number", ""), "governorate": extra.get("governorate", "IQG15"),
    }  # fmt: skip


def test_the_model_tells_a_re_registration_from_brothers_and_namesakes():
    """Brothers share father, grandfather, family name and the household's phone; namesakes
    share a common chain. Neither is the same person, while the same man written in Latin
    letters with his birth year a year off is."""
    from masar.dedup.linkage import prepare, train_and_predict

    records = [dict(zip(COLUMNS, row, strict=True)) for row in generate_rows(4000, seed=5)]
    records += [
        _record("S1", "يوسف", "قاسم", "عبد الرزاق", "العبيدي", "2009-04-02", "07701234567"),
        _record("S2", "ابراهيم", "قاسم", "عبد الرزاق", "العبيدي", "2011-09-17", "07701234567"),
        _record("N1", "محمد", "علي", "حسين", "", "1990-01-05", "07809876543"),
        _record("N2", "محمد", "علي", "حسين", "", "1990-07-21", ""),
        _record("D1", "مصطفى", "جاسم", "محمد", "الجبوري", "1985-03-12", "07512223334"),
        _record("D2", "Mustafa", "Jasim", "Mohammed", "Al-Jubouri", "1986-03-12", "+9647512223334"),
    ]
    pairs = train_and_predict(prepare(records), threshold=0.5).pairs
    linked = {frozenset(p) for p in zip(pairs.record_id_l, pairs.record_id_r, strict=True)}
    assert frozenset(("D1", "D2")) in linked
    assert frozenset(("S1", "S2")) not in linked
    assert frozenset(("N1", "N2")) not in linked


def test_a_registry_with_few_duplicates_is_not_flooded_with_pairs():
    """With one person in a thousand registered twice, an EM session fails half-way (a level
    never seen among the matches); it must be dropped whole, not leave the model's prior at
    a third and every namesake linked."""
    from masar.dedup.linkage import prepare, train_and_predict

    records = [
        dict(zip(COLUMNS, row, strict=True))
        for row in generate_rows(10_000, seed=1, duplicate_share=0.001)
    ]
    pairs = train_and_predict(prepare(records)).pairs
    scores = evaluate(zip(pairs.record_id_l, pairs.record_id_r, strict=True), records)
    assert scores["tp"] + scores["fn"] == 17
    assert 0 < len(pairs) <= 2 * 17
    assert scores["precision"] > 0.8
