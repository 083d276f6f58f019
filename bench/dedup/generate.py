"""Synthetic Iraqi people records with known duplicates, for evaluating duplicate detection.

Each generated *person* gets one record, and a share of them (``--duplicate-share``, 20 % by
default) get one or two extra records of the same person, written with the noise seen in real
registration data: Arabic spelling variants (hamza forms of alef, ة/ه, ى/ي, عبد الله written
joined or with a zero-width non-joiner, diacritics, tatweel), a missing grandfather or family
name, father and grandfather swapped, a typo, date-of-birth errors (day/month swapped, year
only, one year off), a changed or missing phone, a missing national id, the whole name in Latin
letters, Arabic-Indic digits in the phone, and a move to another governorate.

The data also holds true non-duplicates that are hard to tell apart: families of siblings who
share father, grandfather and family names, close birth years and often the household phone,
and namesakes (very common chains such as محمد علي حسين) with different birth dates and phones.

Every record carries ``truth``, the id of the person it describes, so a matcher's predicted
pairs can be scored with :func:`evaluate` against :func:`true_pairs`. Output is deterministic
for a given seed.

    python bench/dedup/generate.py --people 10000 --output people.csv [--seed 7]
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import gc
import itertools
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from masar.core.demo_names import FAMILY, FEMALE, MALE

COLUMNS = (
    "record_id",
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "full_name",
    "sex",
    "date_of_birth",
    "birth_year",
    "phone",
    "id_number",
    "governorate",
    "truth",
)

REFERENCE_DATE = dt.date(2025, 1, 1)
GOVERNORATES = [f"IQG{i:02d}" for i in range(1, 19)]
# Weighted towards Ninewa, Anbar, Salah al-Din and Baghdad, where most caseloads are.
_GOV_WEIGHTS = {"IQG15": 20, "IQG01": 12, "IQG16": 9, "IQG08": 9}
GOV_CUM = list(itertools.accumulate(_GOV_WEIGHTS.get(g, 2) for g in GOVERNORATES))

LATIN: dict[str, tuple[str, ...]] = {a: tuple(v) for a, v in (*MALE, *FEMALE, *FAMILY) if a}
MALE_NAMES = [a for a, _ in MALE]
FEMALE_NAMES = [a for a, _ in FEMALE]
FAMILY_NAMES = [a for a, _ in FAMILY if a]


def _zipf_cum(n: int, exponent: float = 0.9) -> list[float]:
    """Cumulative weights so the first names in a list are the most common ones."""
    return list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(n)))


MALE_CUM = _zipf_cum(len(MALE_NAMES))
FEMALE_CUM = _zipf_cum(len(FEMALE_NAMES))
FAMILY_CUM = _zipf_cum(len(FAMILY_NAMES), 0.5)

# Very common chains, handed to unrelated people (namesakes).
COMMON_CHAINS = [
    ("محمد", "علي", "حسين"),
    ("علي", "حسين", "علي"),
    ("أحمد", "محمد", "علي"),
    ("حسين", "علي", "محمد"),
    ("محمد", "أحمد", "محمد"),
    ("عبد الله", "محمد", "أحمد"),
    ("فاطمة", "علي", "حسين"),
    ("زينب", "محمد", "علي"),
    ("مريم", "أحمد", "محمد"),
    ("علي", "محمد", "حسن"),
]
FEMALE_SET = set(FEMALE_NAMES)

ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
DIACRITICS = "\u064e\u064f\u0650\u0651\u0652"  # fatha, damma, kasra, shadda, sukun
TATWEEL = "\u0640"
ZWNJ = "\u200c"
# Letters after which tatweel may be drawn (they join to the next letter).
JOINING = set("بتثجحخسشصضطظعغفقكلمنهيئ")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
LATIN_LETTERS = "abdefhiklmnorsuyz"


@dataclass(slots=True)
class Person:
    truth: str
    sex: str
    given: str
    father: str
    grandfather: str
    family: str
    birth: dt.date
    dob_known: str  # "full", "year" or "none"
    phone: str
    id_number: str
    governorate: str


# ---------------------------------------------------------------------------------------------
# People


def _weighted(rng: random.Random, items: list[str], cum: list[float]) -> str:
    """Like ``rng.choices(items, cum_weights=cum)[0]``, but faster."""
    return items[bisect.bisect(cum, rng.random() * cum[-1])]


def _male(rng: random.Random) -> str:
    return _weighted(rng, MALE_NAMES, MALE_CUM)


def _given(rng: random.Random, sex: str) -> str:
    if sex == "f":
        return _weighted(rng, FEMALE_NAMES, FEMALE_CUM)
    return _male(rng)


def _family(rng: random.Random) -> str:
    if rng.random() < 0.2:
        return ""
    return _weighted(rng, FAMILY_NAMES, FAMILY_CUM)


def _phone(rng: random.Random) -> str:
    return f"07{'7785'[int(rng.random() * 4)]}{int(rng.random() * 1e8):08d}"


def _id_number(rng: random.Random) -> str:
    return str(10**11 + int(rng.random() * 2e11))


def _governorate(rng: random.Random) -> str:
    return _weighted(rng, GOVERNORATES, GOV_CUM)


def _birth(rng: random.Random, age: int) -> dt.date:
    return REFERENCE_DATE - dt.timedelta(days=age * 365 + rng.randrange(365))


def _dob_known(rng: random.Random) -> str:
    r = rng.random()
    return "full" if r < 0.85 else "year" if r < 0.95 else "none"


def _person(
    rng: random.Random,
    truth: str,
    *,
    sex: str | None = None,
    chain: tuple[str, str, str] | None = None,
    family: str | None = None,
    age: int | None = None,
    governorate: str | None = None,
    phone: str | None = None,
) -> Person:
    if chain is not None:
        given, father, grandfather = chain
        sex = "f" if given in FEMALE_SET else "m"
    else:
        sex = sex or rng.choice("mf")
        given, father, grandfather = _given(rng, sex), _male(rng), _male(rng)
    if age is None:
        age = int(rng.triangular(0, 86, 8))
    if phone is None:
        phone = _phone(rng) if rng.random() < 0.7 else ""
    return Person(
        truth=truth,
        sex=sex,
        given=given,
        father=father,
        grandfather=grandfather,
        family=_family(rng) if family is None else family,
        birth=_birth(rng, min(age, 85)),
        dob_known=_dob_known(rng),
        phone=phone,
        id_number=_id_number(rng) if rng.random() < 0.6 else "",
        governorate=governorate or _governorate(rng),
    )


def _people(rng: random.Random, n_people: int) -> list[Person]:
    """People: mostly independent, with sibling groups and namesakes mixed in."""
    people: list[Person] = []
    width = max(7, len(str(n_people)))

    def next_truth() -> str:
        return f"P{len(people) + 1:0{width}d}"

    while len(people) < n_people:
        r = rng.random()
        if r < 0.15:  # siblings: same father, grandfather, family; close birth years
            father, grandfather, family = _male(rng), _male(rng), _family(rng)
            governorate = _governorate(rng)
            household_phone = _phone(rng)
            age = int(rng.triangular(0, 60, 10))
            for _ in range(min(rng.randint(2, 5), n_people - len(people))):
                sex = rng.choice("mf")
                taken = {p.given for p in people[-5:] if p.father == father}
                given = _given(rng, sex)
                for _ in range(5):
                    if given not in taken:
                        break
                    given = _given(rng, sex)
                phone = household_phone if age < 18 and rng.random() < 0.5 else None
                people.append(
                    _person(
                        rng,
                        next_truth(),
                        chain=(given, father, grandfather),
                        family=family,
                        age=age,
                        governorate=governorate,
                        phone=phone,
                    )
                )
                age = max(0, age - rng.randint(1, 3))
        elif r < 0.20:  # namesake: a very common chain
            people.append(_person(rng, next_truth(), chain=rng.choice(COMMON_CHAINS)))
        else:
            people.append(_person(rng, next_truth()))
    return people


# ---------------------------------------------------------------------------------------------
# Noise


def _spelling_variant(rng: random.Random, name: str) -> str:
    """One orthographic variant that a clerk might write for the same name."""
    options = []
    if any(c in name for c in "أإآ"):
        options.append("alef")
    if name.endswith("ة"):
        options.append("ta")
    if name.endswith("ى"):
        options.append("ya")
    if name.startswith("عبد "):
        options.append("abd")
    options += ["diacritic", "tatweel"]
    kind = rng.choice(options)
    if kind == "alef":
        return name.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا")
    if kind == "ta":
        return name[:-1] + "ه"
    if kind == "ya":
        return name[:-1] + "ي"
    if kind == "abd":
        return name.replace("عبد ", rng.choice(("عبد", "عبد" + ZWNJ)), 1)
    letters = [i for i, c in enumerate(name) if c in ARABIC_LETTERS or c in "أإآةى"]
    if kind == "diacritic" and letters:
        i = rng.choice(letters)
        return name[: i + 1] + rng.choice(DIACRITICS) + name[i + 1 :]
    spots = [i for i in range(len(name) - 1) if name[i] in JOINING and name[i + 1] != " "]
    if spots:
        i = rng.choice(spots)
        return name[: i + 1] + TATWEEL + name[i + 1 :]
    return name


def _typo(rng: random.Random, name: str, alphabet: str) -> str:
    """One letter substituted or dropped (never a space)."""
    spots = [i for i, c in enumerate(name) if c != " "]
    if len(spots) < 3:
        return name
    i = rng.choice(spots[1:])
    if rng.random() < 0.5:
        return name[:i] + name[i + 1 :]
    return name[:i] + rng.choice(alphabet) + name[i + 1 :]


def _latin(rng: random.Random, name: str) -> str:
    if not name:
        return ""
    variants = LATIN.get(name)
    return rng.choice(variants) if variants else name


def _render(rng: random.Random, p: Person, *, duplicate: bool) -> list[str]:
    """A record of person ``p``; duplicates carry realistic noise. ``record_id`` is left empty."""
    given, father, grandfather, family = p.given, p.father, p.grandfather, p.family
    birth, dob_known = p.birth, p.dob_known
    phone, id_number, governorate = p.phone, p.id_number, p.governorate
    latin = False
    if duplicate:
        if rng.random() < 0.10:
            grandfather = ""
        if rng.random() < 0.10:
            family = ""
        elif not family and rng.random() < 0.1:
            family = _family(rng)  # the family name given at one registration only
        if rng.random() < 0.02:
            father, grandfather = grandfather, father
        latin = rng.random() < 0.12
        r = rng.random()
        if r < 0.05 and dob_known == "full" and birth.day <= 12 and birth.day != birth.month:
            birth = birth.replace(month=birth.day, day=birth.month)
        elif r < 0.13:
            dob_known = "year" if dob_known == "full" else dob_known
        elif r < 0.20:
            try:
                birth = birth.replace(year=birth.year + rng.choice((-1, 1)))
            except ValueError:  # 29 February
                birth = birth.replace(year=birth.year + 1, day=28)
        elif r < 0.23:
            dob_known = "full" if dob_known != "full" else "none"
        r = rng.random()
        if r < 0.15:
            phone = _phone(rng)
        elif r < 0.35:
            phone = ""
        elif not phone and r < 0.45:
            phone = _phone(rng)
        if rng.random() < 0.3:
            id_number = ""
        if rng.random() < 0.10:
            governorate = _governorate(rng)
    parts = [given, father, grandfather, family]
    if latin:
        parts = [_latin(rng, n) for n in parts]
        if rng.random() < 0.08:
            i = rng.randrange(4)
            parts[i] = _typo(rng, parts[i], LATIN_LETTERS)
        if rng.random() < 0.2:
            parts = [s.upper() for s in parts]
    else:
        spelling = 0.5 if duplicate else 0.1
        for i, name in enumerate(parts):
            if name and rng.random() < spelling:
                parts[i] = _spelling_variant(rng, name)
        if duplicate and rng.random() < 0.12:
            i = rng.choice([i for i, n in enumerate(parts) if n])
            parts[i] = _typo(rng, parts[i], ARABIC_LETTERS)
    if phone and duplicate:
        r = rng.random()
        if r < 0.06:
            phone = phone.translate(ARABIC_INDIC)
        elif r < 0.10:
            phone = "+964" + phone[1:]
    return [
        "",
        *parts,
        " ".join(n for n in parts if n),
        p.sex,
        birth.isoformat() if dob_known == "full" else "",
        str(birth.year) if dob_known != "none" else "",
        phone,
        id_number,
        governorate,
        p.truth,
    ]


# ---------------------------------------------------------------------------------------------
# Public API


def generate_rows(n_people: int, seed: int = 7, duplicate_share: float = 0.2) -> list[list[str]]:
    """Records as lists of strings in :data:`COLUMNS` order, shuffled, with record ids."""
    rng = random.Random(seed)
    rows: list[list[str]] = []
    gc_was_enabled = gc.isenabled()
    gc.disable()  # millions of small acyclic objects: collection only costs time
    try:
        return _generate_rows(rng, rows, n_people, duplicate_share)
    finally:
        if gc_was_enabled:
            gc.enable()


def _generate_rows(
    rng: random.Random, rows: list[list[str]], n_people: int, duplicate_share: float
) -> list[list[str]]:
    for p in _people(rng, n_people):
        rows.append(_render(rng, p, duplicate=False))
        if rng.random() < duplicate_share:
            for _ in range(1 if rng.random() < 0.7 else 2):
                rows.append(_render(rng, p, duplicate=True))
    rng.shuffle(rows)
    width = max(7, len(str(len(rows))))
    for i, row in enumerate(rows, 1):
        row[0] = f"R{i:0{width}d}"
    return rows


def generate_people(
    n_people: int, seed: int = 7, duplicate_share: float = 0.2
) -> list[dict[str, str]]:
    """Records as dicts keyed by :data:`COLUMNS`; ``truth`` identifies the true person."""
    rows = generate_rows(n_people, seed, duplicate_share)
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows]


def write_csv(rows: Iterable[list[str]], path: str | Path) -> None:
    with open(path, "w", encoding="utf-8", newline="", buffering=1 << 20) as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        writer.writerows(rows)


def true_pairs(records: Iterable[Mapping[str, str]]) -> set[tuple[str, str]]:
    """All (record_id_l, record_id_r) pairs, l < r, of records describing the same person."""
    groups: dict[str, list[str]] = defaultdict(list)
    for record in records:
        groups[record["truth"]].append(record["record_id"])
    pairs: set[tuple[str, str]] = set()
    for ids in groups.values():
        if len(ids) > 1:
            pairs.update(itertools.combinations(sorted(ids), 2))
    return pairs


def evaluate(
    predicted_pairs: Iterable[tuple[str, str]], records: Iterable[Mapping[str, str]]
) -> dict[str, float | int]:
    """Pairwise precision, recall and F1 of predicted duplicate pairs (order inside a pair and
    self-pairs do not matter). A ratio with a zero denominator is reported as 0.0."""
    truth = true_pairs(records)
    predicted = {(min(a, b), max(a, b)) for a, b in predicted_pairs if a != b}
    tp = len(predicted & truth)
    fp = len(predicted) - tp
    fn = len(truth) - tp
    precision = tp / len(predicted) if predicted else 0.0
    recall = tp / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, required=True, help="number of true people")
    parser.add_argument("--output", required=True, help="CSV file to write")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--duplicate-share", type=float, default=0.2)
    args = parser.parse_args(argv)
    rows = generate_rows(args.people, args.seed, args.duplicate_share)
    write_csv(rows, args.output)
    sizes = Counter(row[-1] for row in rows).values()
    n_pairs = sum(k * (k - 1) // 2 for k in sizes)
    print(f"{len(rows)} records of {args.people} people, {n_pairs} true pairs -> {args.output}")


if __name__ == "__main__":
    main()
