"""The `recordlinkage` baseline, run in its own virtual environment (it needs pandas < 3):

    python3 -m venv bench/.venv-recordlinkage
    bench/.venv-recordlinkage/bin/pip install recordlinkage "pandas<3"
    bench/.venv-recordlinkage/bin/python bench/dedup/baseline_recordlinkage.py IN.csv OUT.csv

IN.csv holds the same normalised name parts and keys Masar compares (so the baseline gets the
same Arabic normalisation); the configuration is the package's textbook one: block on the
phonetic given-name key and birth year, compare each name part with Jaro-Winkler, sex, phone
and ID exactly, and call a pair a match when the similarities sum to at least 4.5 of 7.
"""

import sys

import pandas as pd
import recordlinkage


def main(source: str, target: str) -> None:
    frame = pd.read_csv(source, dtype=str, keep_default_na=False).set_index("record_id")
    candidates = None
    # Block only records that have the blocking values: "" would put every record without a
    # phone into one block.
    for columns in (["given_key", "birth_year"], ["phone_tail"]):
        subset = frame[(frame[columns] != "").all(axis=1)]
        indexer = recordlinkage.Index()
        indexer.block(columns)
        pairs = indexer.index(subset)
        candidates = pairs if candidates is None else candidates.union(pairs)
    compare = recordlinkage.Compare(n_jobs=1)
    for part in ("given", "father", "grandfather", "family"):
        compare.string(part, part, method="jarowinkler", threshold=0.85, label=part)
    compare.exact("sex", "sex", label="sex")
    compare.exact("phone_tail", "phone_tail", label="phone", missing_value=0)
    compare.exact("id_number", "id_number", label="id", missing_value=0)
    features = compare.compute(candidates, frame)
    # Empty strings compare equal: do not count a shared absence as agreement.
    for column, source_column in (("phone", "phone_tail"), ("id", "id_number")):
        left = frame.loc[features.index.get_level_values(0), source_column].to_numpy()
        features.loc[left == "", column] = 0
    matches = features[features.sum(axis=1) >= 4.5].index
    pd.DataFrame(list(matches), columns=["record_id_l", "record_id_r"]).to_csv(target, index=False)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
