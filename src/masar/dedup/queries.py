"""Reads of duplicate detection: the help-desk candidate lookup and the review queue."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from rapidfuzz.fuzz import ratio

from masar.cases.access import households_visible_to
from masar.cases.models import Household, Member

from .access import pairs_visible_to
from .linkage import NAME_PARTS, member_keys
from .models import CandidatePair, PairStatus, PersonKey

# Name parts weigh by how much they say: the given name most, the family name least.
PART_WEIGHTS = {"given": 0.35, "father": 0.3, "grandfather": 0.2, "family": 0.15}
SHOW_AT = 0.75
FIELD_LABELS = {
    "given": _("given name"), "father": _("father's name"),
    "grandfather": _("grandfather's name"), "family": _("family name"),
    "birth": _("year of birth"), "sex": _("sex"), "phone_tail": _("phone"),
    "id_number": _("ID number"),
}  # fmt: skip
CANDIDATE_ROWS = 1000
KEY_VALUES = (
    "household_id", "member_id", *NAME_PARTS, *(f"{p}_key" for p in NAME_PARTS), "sex",
    "birth_year", "date_of_birth", "phone_tail", "id_number",
)  # fmt: skip


@dataclass
class Candidate:
    """A likely existing household, with the fields that agree and disagree."""

    household: Household | None
    household_id: int
    member_id: int
    score: float
    agree: list[str] = field(default_factory=list)
    disagree: list[str] = field(default_factory=list)
    member: Member | None = None

    @property
    def agree_labels(self) -> list[str]:
        return [str(FIELD_LABELS.get(f, f)) for f in self.agree]

    @property
    def disagree_labels(self) -> list[str]:
        return [str(FIELD_LABELS.get(f, f)) for f in self.disagree]


def score(draft: dict, row: dict) -> tuple[float, list[str], list[str]]:
    """How likely `row` (stored keys) is the person in `draft`: 0..1, with the evidence.

    An identical phone or ID number always scores 1. Names compare part by part (a missing
    part is no evidence either way); a birth year off by one still half agrees; a different
    sex halves the score."""
    agree: list[str] = []
    disagree: list[str] = []
    for exact in ("id_number", "phone_tail"):
        if draft[exact] and draft[exact] == row[exact]:
            agree.append(exact)
    weight_sum = name_score = 0.0
    for part, weight in PART_WEIGHTS.items():
        mine, theirs = draft[part], row[part]
        if not mine or not theirs:
            continue
        if mine == theirs or draft[f"{part}_key"] == row[f"{part}_key"]:
            similarity = 1.0
        else:
            similarity = max(ratio(mine, theirs), ratio(draft[f"{part}_key"], row[f"{part}_key"]))
            similarity /= 100
        (agree if similarity >= 0.85 else disagree).append(part)
        name_score += weight * similarity
        weight_sum += weight
    names = name_score / weight_sum if weight_sum else 0.0
    birth = 0.5
    if draft["birth_year"] and row["birth_year"]:
        gap = abs(int(draft["birth_year"]) - row["birth_year"])
        birth = 1.0 if gap == 0 else 0.6 if gap == 1 else 0.0
        (agree if gap <= 1 else disagree).append("birth")
    total = 0.8 * names + 0.2 * birth
    if draft["sex"] and row["sex"] and draft["sex"] != row["sex"]:
        disagree.append("sex")
        total *= 0.5
    if "id_number" in agree or "phone_tail" in agree:
        total = 1.0
    return total, agree, disagree


def _blocking(keys: dict) -> Q:
    q = Q(pk__in=[])
    if keys["phone_tail"]:
        q |= Q(phone_tail=keys["phone_tail"])
    if keys["id_number"]:
        q |= Q(id_number=keys["id_number"])
    year = int(keys["birth_year"]) if keys["birth_year"] else None
    near = Q(birth_year__isnull=True) | Q(birth_year__range=(year - 2, year + 2)) if year else Q()
    for first, second in (("given", "father"), ("father", "grandfather")):
        if keys[f"{first}_key"] and keys[f"{second}_key"]:
            names = Q(
                **{f"{first}_key": keys[f"{first}_key"], f"{second}_key": keys[f"{second}_key"]}
            )
            q |= names & near
    return q


def candidates_for(
    user, people: list[dict], *, limit: int = 5, exclude: int | None = None
) -> tuple[list[Candidate], list[Candidate]]:
    """Up to `limit` likely existing households for the people being registered, best first,
    among the households `user` may see; and the likely ones outside their scope (to queue
    for those who may see them, never to show)."""
    drafts = [member_keys(p) for p in people if (p.get("given_name") or "").strip()]
    if not drafts:
        return [], []
    query = Q(pk__in=[])
    for keys in drafts:
        query |= _blocking(keys)
    rows = PersonKey.objects.filter(query)
    if exclude:
        rows = rows.exclude(household_id=exclude)
    best: dict[int, Candidate] = {}
    for row in rows.values(*KEY_VALUES)[:CANDIDATE_ROWS]:
        for keys in drafts:
            total, agree, disagree = score(keys, row)
            current = best.get(row["household_id"])
            if total >= SHOW_AT and (current is None or total > current.score):
                best[row["household_id"]] = Candidate(
                    None, row["household_id"], row["member_id"], total, agree, disagree
                )
    if not best:
        return [], []
    visible = set(
        households_visible_to(user).filter(pk__in=list(best)).values_list("pk", flat=True)
    )
    ranked = sorted(best.values(), key=lambda c: -c.score)
    shown = [c for c in ranked if c.household_id in visible][:limit]
    outside = [c for c in ranked if c.household_id not in visible]
    households = Household.objects.select_related("governorate", "current_site").in_bulk(
        [c.household_id for c in shown]
    )
    members = Member.objects.in_bulk([c.member_id for c in shown])
    for candidate in shown:
        candidate.household = households[candidate.household_id]
        candidate.member = members.get(candidate.member_id)
    return shown, outside


def review_queue(user, status: str = PairStatus.PENDING) -> QuerySet[CandidatePair]:
    return pairs_visible_to(user).filter(status=status)
