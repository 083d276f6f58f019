"""Probabilistic record linkage of people with Splink (DuckDB on one machine).

The same settings run unchanged on Splink's Spark backend for registries beyond one machine:
build the frame with `prepare`, register it with `splink.backends.spark.SparkAPI` instead of
`DuckDBAPI`, and call `train_and_predict` with that API (see docs/duplicates.md).

Names are compared on their normalised Arabic-script form and on a transliteration-aware key,
so `محمد` and `Mohammed` agree on the key; name parts are compared by position (given name,
father's, grandfather's, family) and a missing part counts as no evidence, not as a mismatch.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from masar.lib.arabic import latin_key, normalize_name, strip_article
from masar.lib.digits import only_digits

NAME_PARTS = ("given", "father", "grandfather", "family")
MEMORY_LIMIT = "2GB"
TRAINING_RECORDS = 150_000
RARE_NAME_FLOOR = 0.005
FRAME_COLUMNS = [
    "record_id", *NAME_PARTS, *(f"{p}_key" for p in NAME_PARTS), "name_key", "sex",
    "date_of_birth", "birth_year", "phone_tail", "id_number", "governorate",
]  # fmt: skip


def _part(text: str | None, *, article: bool = False) -> tuple[str, str]:
    """A name part's normalised form and key, without spaces. Family and tribal names nearly
    always carry the article, written apart or joined (الدليمي, Al-Dulaimi, Aldulaimy): for
    them it is dropped from both."""
    tokens = normalize_name(text or "").split()
    if article:
        tokens = [strip_article(t) for t in tokens if t not in ("al", "el", "ال")]
    normal = "".join(tokens)
    return normal, latin_key(" ".join(tokens)).replace(" ", "")


def person_keys(
    given: str | None,
    father: str | None = "",
    grandfather: str | None = "",
    family: str | None = "",
    *,
    full_name: str | None = None,
) -> dict[str, str]:
    """Normalised name parts and their keys. A full name alone is split into the chain
    (given, father, grandfather, then everything else as the family name)."""
    if full_name and not given:
        tokens = normalize_name(full_name).split()
        given, father, grandfather = [*tokens, "", "", ""][:3]
        family = " ".join(tokens[3:])
    keys: dict[str, str] = {}
    for name, value in zip(NAME_PARTS, (given, father, grandfather, family), strict=True):
        keys[name], keys[f"{name}_key"] = _part(value, article=name == "family")
    return keys


def phone_tail(phone: str | None) -> str:
    """The last nine digits: the same mobile written 0770…, +964770… or ٠٧٧٠…."""
    return only_digits(phone or "")[-9:]


def _year(date_of_birth, birth_year) -> int | None:
    if isinstance(date_of_birth, date):
        return date_of_birth.year
    if date_of_birth and str(date_of_birth)[:4].isdigit():
        return int(str(date_of_birth)[:4])
    if birth_year not in (None, ""):
        try:
            return int(float(birth_year))
        except ValueError:
            return None
    return None


def member_keys(person: dict) -> dict:
    """A person's comparison keys, as stored for the help desk (`PersonKey`) and compared by the
    linkage: the normalised name parts and their keys, sex, birth date and year, the phone's
    last digits and the ID number. `person` holds a member's fields (or a file row's:
    `full_name` and `id_number` are understood too)."""
    keys = person_keys(
        person.get("given_name"),
        person.get("father_name"),
        person.get("grandfather_name"),
        person.get("family_name"),
        full_name=person.get("full_name"),
    )
    dob = person.get("date_of_birth") or None
    identity = person.get("national_id_number") or person.get("id_number") or ""
    return {
        **{k: v[:40] if k.endswith("_key") else v[:80] for k, v in keys.items()},
        "sex": (person.get("sex") or "").strip().lower()[:1],
        "date_of_birth": dob,
        "birth_year": _year(dob, person.get("birth_year")),
        "phone_tail": phone_tail(person.get("phone")),
        "id_number": only_digits(identity),
    }


def prepare_record(record: dict) -> dict:
    """One input record (file row or member) as a row of the linkage frame."""
    keys = member_keys(record)
    dob = keys["date_of_birth"]
    return {
        "record_id": str(record["record_id"]),
        **{k: v or None for k, v in keys.items()},
        "date_of_birth": dob.isoformat() if isinstance(dob, date) else dob,
        "name_key": " ".join(keys[f"{p}_key"] for p in NAME_PARTS if keys[f"{p}_key"]) or None,
        "governorate": record.get("governorate") or None,
    }


def prepare(records: Iterable[dict]):
    """The linkage frame (pandas) of `records`."""
    import pandas as pd

    frame = pd.DataFrame([prepare_record(r) for r in records], columns=FRAME_COLUMNS)
    frame["birth_year"] = frame["birth_year"].astype("Int64")
    return frame


# The same day and month a year apart: a typed year, not another person.
YEAR_OFF_BY_ONE = (
    "substr(date_of_birth_l, 6, 5) = substr(date_of_birth_r, 6, 5)"
    " AND abs(birth_year_l - birth_year_r) = 1"
)
# Dates written 2001-03-04 on one record and 2001-04-03 on the other.
DAY_MONTH_SWAPPED = (
    "substr(date_of_birth_l, 1, 4) = substr(date_of_birth_r, 1, 4)"
    " AND substr(date_of_birth_l, 6, 2) = substr(date_of_birth_r, 9, 2)"
    " AND substr(date_of_birth_l, 9, 2) = substr(date_of_birth_r, 6, 2)"
)
# One record knows only the birth year: agreeing years are weaker evidence, but no conflict.
# Two full dates that differ (and are not swapped or a year apart) are a conflict, even in
# the same year: namesakes, not one person.
ONE_DATE_MISSING = "date_of_birth_l IS NULL OR date_of_birth_r IS NULL"


def _name_comparison(part: str):
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    levels = [
        cll.Or(cll.NullLevel(part), cll.NullLevel(f"{part}_key")),
        # A rare name agreeing says more than محمد agreeing; the floor keeps a name seen
        # once (often a Latin spelling) from outweighing everything else.
        cll.ExactMatchLevel(part, term_frequency_adjustments=True).configure(
            tf_minimum_u_value=RARE_NAME_FLOOR
        ),
        cll.ExactMatchLevel(f"{part}_key"),
        cll.JaroWinklerLevel(part, 0.9),
        cll.JaroWinklerLevel(f"{part}_key", 0.85),
        cll.ElseLevel(),
    ]
    return cl.CustomComparison(output_column_name=part, comparison_levels=levels)


def _phone_comparison():
    """A shared phone is often the household's: children registered under a parent's number
    share it with their brothers and sisters. It is evidence for the same person only when
    the given names do not contradict it; a shared phone with an entirely different given
    name counts as no evidence either way (like a missing phone)."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    given_agrees = cll.Or(
        cll.ExactMatchLevel("given"),
        cll.ExactMatchLevel("given_key"),
        cll.JaroWinklerLevel("given", 0.9),
        cll.JaroWinklerLevel("given_key", 0.85),
    )
    household_phone = cll.And(
        cll.ExactMatchLevel("phone_tail"), cll.Not(cll.Or(cll.NullLevel("given"), given_agrees))
    )
    return cl.CustomComparison(
        output_column_name="phone",
        comparison_levels=[
            cll.Or(cll.NullLevel("phone_tail"), household_phone).configure(is_null_level=True),
            cll.ExactMatchLevel("phone_tail"),
            cll.ElseLevel(),
        ],
    )


def settings():
    """The Splink model: blocking rules and comparisons (shared by DuckDB and Spark)."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        # Each rule is specific enough that common names (محمد علي) do not make blocks of
        # millions of pairs, and together they tolerate any one part missing or misspelt.
        blocking_rules_to_generate_predictions=[
            block_on("given_key", "father_key", "grandfather_key"),
            block_on("given_key", "father_key", "birth_year"),
            block_on("given_key", "grandfather_key", "birth_year"),
            block_on("father_key", "grandfather_key", "birth_year"),
            block_on("given_key", "family_key", "birth_year"),
            # The same day and month of birth, whatever the year.
            block_on("given_key", "father_key", "substr(date_of_birth, 6, 5)"),
            block_on("phone_tail"),
            block_on("id_number"),
        ],
        comparisons=[
            *(_name_comparison(part) for part in NAME_PARTS),
            cl.CustomComparison(
                output_column_name="birth",
                comparison_levels=[
                    cll.NullLevel("birth_year"),
                    cll.ExactMatchLevel("date_of_birth"),
                    cll.CustomLevel(DAY_MONTH_SWAPPED, "day and month swapped"),
                    cll.CustomLevel(YEAR_OFF_BY_ONE, "same day, year off by one"),
                    cll.CustomLevel(
                        f"({ONE_DATE_MISSING}) AND birth_year_l = birth_year_r",
                        "same year, one date unknown",
                    ),
                    cll.CustomLevel(
                        f"({ONE_DATE_MISSING}) AND abs(birth_year_l - birth_year_r) = 1",
                        "year off by one, one date unknown",
                    ),
                    cll.ElseLevel(),
                ],
            ),
            cl.ExactMatch("sex"),
            _phone_comparison(),
            cl.ExactMatch("id_number"),
            cl.ExactMatch("governorate"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=True,
    )


def _estimate_prior(training) -> None:
    from splink import block_on

    training.estimate_probability_two_random_records_match(
        [block_on("given_key", "father_key", "grandfather_key", "birth_year"),
         block_on("id_number")],
        recall=0.7,
    )  # fmt: skip


def _train(table, frame) -> dict:
    """Estimate the model's parameters without labels: the prior from near-certain rules, u by
    random sampling, m by expectation maximisation. Returns the trained model (Splink JSON)."""
    from splink import Linker

    linker = Linker(table, settings(), log_level=logging.ERROR)
    _estimate_prior(linker.training)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    model = linker.misc.save_model_to_json()

    def session(*columns: str) -> bool:
        """EM on the pairs sharing `columns`, kept only if it completes."""
        nonlocal model
        trained = _expectation_maximisation(Linker(table, model, log_level=logging.ERROR), columns)
        model = trained or model
        return trained is not None

    # Pairs sharing an ID number are nearly all the same person, so names, dates and phones
    # are learnt there; a registry with few ID numbers learns them from pairs sharing the
    # name chain instead (where namesakes blur the picture more).
    if not (_pairs_sharing(frame, "id_number") >= 500 and session("id_number")):
        session("given_key", "father_key", "grandfather_key")
    # The ID parameters come from pairs sharing a full date of birth (or, in a registry that
    # records only years, a birth year and sex).
    if not (_pairs_sharing(frame, "date_of_birth") >= 1000 and session("date_of_birth")):
        session("birth_year", "sex")
    return model


def _pairs_sharing(frame, column: str) -> int:
    counts = frame[column].dropna().value_counts()
    return int((counts * (counts - 1) // 2).sum())


def _expectation_maximisation(linker, columns: tuple[str, ...]) -> dict | None:
    """One EM session on a fresh linker; the model it trained, or None. A rule that yields no
    pairs on this data, or a session that degenerates (a level never observed among the
    matches drives its m to zero, as on registries with few duplicates), is dropped whole:
    a session that fails half-way leaves the prior and the m values half-updated."""
    from splink import block_on
    from splink.internals.exceptions import EMTrainingException

    try:
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on(*columns), estimate_without_term_frequencies=True
        )
    except (EMTrainingException, ValueError) as exc:
        shared = ", ".join(columns)
        logging.getLogger(__name__).info("EM on pairs sharing %s skipped: %s", shared, exc)
        return None
    return linker.misc.save_model_to_json()


@dataclass
class LinkageResult:
    pairs: object  # pandas frame: record_id_l, record_id_r, match_probability, evidence
    clusters: object | None  # pandas frame: record_id, cluster_id


def train_and_predict(frame, *, threshold: float = 0.95, db_api=None, clusters: bool = False):
    """Estimate the model on `frame` (EM, no labels needed), then score the blocked pairs."""
    from splink import Linker
    from splink.backends.duckdb import DuckDBAPI

    logging.getLogger("splink").setLevel(logging.ERROR)
    if db_api is None:
        import duckdb

        # DuckDB takes most of the machine's memory by default; a national registry links
        # within a couple of gigabytes, spilling to the temporary directory when it must.
        spill = Path(tempfile.gettempdir()) / "masar-duckdb"
        config = {"memory_limit": MEMORY_LIMIT, "temp_directory": str(spill)}
        db_api = DuckDBAPI(connection=duckdb.connect(config=config))
    # A registry larger than TRAINING_RECORDS is trained on a random sample of that size (EM
    # on a national registry's blocks is slow and no better), then the trained model scores
    # every record. A uniform sample keeps the share of matching pairs, so the prior learnt on
    # it holds for the whole; re-estimating it there would count common-name namesakes, more
    # numerous in a larger registry, as matches.
    sample = (
        frame.sample(n=TRAINING_RECORDS, random_state=1) if len(frame) > TRAINING_RECORDS else frame
    )
    table = db_api.register(sample)
    model = _train(table, sample)
    if sample is not frame:
        table = db_api.register(frame)
    linker = Linker(table, model, log_level=logging.ERROR)
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    pairs = predictions.as_pandas_dataframe()
    pairs = pairs[pairs["match_probability"] >= threshold]
    cluster_frame = None
    if clusters:
        clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=threshold
        )
        cluster_frame = clustered.as_pandas_dataframe()[["record_id", "cluster_id"]]
    return LinkageResult(pairs=pairs, clusters=cluster_frame)
