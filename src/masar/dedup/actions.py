"""Writes of duplicate detection: comparison keys, review decisions, merges and their undoing."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from masar.cases.actions.merges import merge_household, unmerge_household
from masar.cases.models import Household, Member
from masar.core.jobs import Progress

from .access import require_review
from .linkage import member_keys
from .models import CandidatePair, Merge, PairSource, PairStatus, PersonKey

KEY_FIELDS = (
    "id", "household_id", "household__organisation_id", "household__governorate_id",
    "given_name", "father_name", "grandfather_name", "family_name", "sex", "date_of_birth",
    "birth_year", "phone", "national_id_number",
)  # fmt: skip


def _key_row(row: dict) -> PersonKey:
    return PersonKey(
        member_id=row["id"],
        household_id=row["household_id"],
        organisation_id=row["household__organisation_id"],
        governorate_id=row["household__governorate_id"],
        **member_keys(row),
    )


def refresh_household_keys(household_id: int) -> None:
    """Rebuild the comparison keys of one household's members (called after every write)."""
    rows = Member.objects.filter(household_id=household_id).values(*KEY_FIELDS)
    with transaction.atomic():
        PersonKey.objects.filter(household_id=household_id).delete()
        PersonKey.objects.bulk_create([_key_row(r) for r in rows])


def rebuild_keys(members=None, *, chunk: int = 5000) -> int:
    """Rebuild the keys of every member (after a bulk load such as the demo data)."""
    members = members if members is not None else Member.objects.all()
    PersonKey.objects.filter(member__in=members).delete()
    count = 0
    batch: list[PersonKey] = []
    for row in members.values(*KEY_FIELDS).iterator(chunk_size=chunk):
        batch.append(_key_row(row))
        if len(batch) >= chunk:
            PersonKey.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    PersonKey.objects.bulk_create(batch)
    return count + len(batch)


def _ordered(a: Household, b: Household) -> tuple[Household, Household]:
    return (a, b) if a.pk < b.pk else (b, a)


def record_pair(
    household_a: Household,
    household_b: Household,
    *,
    probability: float,
    evidence: dict,
    source: str,
    member_a: Member | None = None,
    member_b: Member | None = None,
) -> CandidatePair | None:
    """Queue a pair for review unless the two are the same or were already paired."""
    if household_a.pk == household_b.pk:
        return None
    if household_a.pk > household_b.pk:
        household_a, household_b, member_a, member_b = household_b, household_a, member_b, member_a
    pair, _created = CandidatePair.objects.get_or_create(
        household_l=household_a,
        household_r=household_b,
        defaults={
            "probability": probability,
            "evidence": evidence,
            "source": source,
            "member_l": member_a,
            "member_r": member_b,
        },
    )
    return pair


@transaction.atomic
def confirm_different(user, new: Household, others: Iterable[Household], note: str = "") -> int:
    """At the help desk: the case worker checked the likely matches and this is another
    household; record it so no sweep proposes the pair again."""
    count = 0
    for other in others:
        pair = record_pair(new, other, probability=0.0, evidence={}, source=PairSource.HELP_DESK)
        if pair is not None:
            CandidatePair.objects.filter(pk=pair.pk).update(
                status=PairStatus.DIFFERENT, decided_by=user, decided_at=timezone.now(), note=note
            )
            count += 1
    return count


@transaction.atomic
def after_registration(user, household: Household, shown: list, outside: list) -> None:
    """The case worker saw `shown` and registered anyway: record those pairs as different.
    Matches outside their scope go to the review queue of those who may see both."""
    confirm_different(user, household, [c.household for c in shown], _("checked at the help desk"))
    for candidate in outside:
        record_pair(
            household,
            Household(pk=candidate.household_id),
            probability=candidate.score,
            evidence={"agree": candidate.agree, "disagree": candidate.disagree},
            source=PairSource.HELP_DESK,
        )


@transaction.atomic
def decide(user, pair: CandidatePair, decision: str, note: str = "") -> CandidatePair:
    """Record a reviewer's decision; "same" merges the younger household into the older."""
    require_review(user, pair.household_l, pair.household_r)
    if decision not in (PairStatus.SAME, PairStatus.DIFFERENT, PairStatus.UNSURE):
        raise ValidationError(_("Unknown decision."))
    pair = CandidatePair.objects.select_for_update().get(pk=pair.pk)
    if pair.status == PairStatus.SAME:
        raise ValidationError(_("These households were already merged."))
    pair.status, pair.decided_by, pair.decided_at, pair.note = (
        decision,
        user,
        timezone.now(),
        note,
    )
    pair.save()
    if decision == PairStatus.SAME:
        merge(user, pair.household_l, pair.household_r, pair=pair)
    return pair


@transaction.atomic
def merge(user, survivor: Household, merged: Household, *, pair=None) -> Merge:
    """Merge `merged` into `survivor` (see `masar.cases.actions.merges`): nothing is moved or
    deleted, both timelines record the merge, payments made to both are flagged for finance."""
    require_review(user, survivor, merged)
    record = Merge.objects.create(survivor=survivor, merged=merged, pair=pair, merged_by=user)
    record.flagged_payments = merge_household(user, survivor, merged, payload={"merge": record.pk})
    record.save(update_fields=["flagged_payments"])
    PersonKey.objects.filter(household=merged).delete()
    return record


@transaction.atomic
def undo_merge(user, record: Merge) -> Merge:
    """Undo a merge from its record: the merged household stands on its own again."""
    require_review(user, record.survivor, record.merged)
    record = Merge.objects.select_for_update().get(pk=record.pk)
    if record.undone_at:
        raise ValidationError(_("This merge was already undone."))
    unmerge_household(user, record.merged, record.flagged_payments, payload={"merge": record.pk})
    record.undone_by, record.undone_at = user, timezone.now()
    record.save(update_fields=["undone_by", "undone_at"])
    if record.pair_id:
        CandidatePair.objects.filter(pk=record.pair_id).update(status=PairStatus.PENDING)
    refresh_household_keys(record.merged_id)
    return record


def _silent(done: int, total: int | None = None, stage: str = "") -> None:
    """Hear nothing: a sweep started without a page or a bar."""


def queue_registry_pairs(*, threshold: float = 0.95, progress: Progress | None = None) -> dict:
    """Sweep the registry: link every member of every household not merged away, and queue
    each pair of households with a likely shared member for review (pairs already decided
    are left as they are). `progress` hears the people read, then the linking (no count: one
    long step), then the pairs queued."""
    from .linkage import prepare, train_and_predict

    report: Progress = progress or _silent
    members = Member.objects.filter(household__merged_into__isnull=True)
    total = members.count()
    people, household_of = [], {}
    rows = members.values(*KEY_FIELDS, "household__governorate__pcode")
    for m in rows.iterator(chunk_size=10_000):
        household_of[str(m["id"])] = m["household_id"]
        people.append(
            {**m, "record_id": m["id"], "governorate": m["household__governorate__pcode"]}
        )
        report(len(people), total, gettext_noop("Reading the registry"))
    if len(people) < 3:
        return {"members": len(people), "pairs": 0, "queued": 0}
    report(0, None, gettext_noop("Linking the records"))
    result = train_and_predict(prepare(people), threshold=threshold)
    report(0, None, gettext_noop("Queueing the pairs for review"))
    best: dict[tuple[int, int], dict] = {}
    for row in result.pairs.to_dict("records"):
        left, right = household_of[row["record_id_l"]], household_of[row["record_id_r"]]
        if left == right:
            continue
        key = (min(left, right), max(left, right))
        if key not in best or row["match_probability"] > best[key]["match_probability"]:
            best[key] = row
    existing = set(CandidatePair.objects.values_list("household_l_id", "household_r_id"))
    fresh = []
    for (left, right), row in best.items():
        if (left, right) in existing:
            continue
        l_member, r_member = int(row["record_id_l"]), int(row["record_id_r"])
        if household_of[row["record_id_l"]] != left:
            l_member, r_member = r_member, l_member
        fresh.append(
            CandidatePair(
                household_l_id=left,
                household_r_id=right,
                member_l_id=l_member,
                member_r_id=r_member,
                probability=float(row["match_probability"]),
                evidence=_evidence(row),
                source=PairSource.BATCH,
            )
        )
    # A pair queued meanwhile (at a help desk) is kept as it is.
    CandidatePair.objects.bulk_create(fresh, batch_size=1000, ignore_conflicts=True)
    return {"members": len(people), "pairs": len(result.pairs), "queued": len(fresh)}


def _evidence(row: dict) -> dict:
    """What the two records had, field by field, as the linkage compared them."""
    fields = {}
    for name in ("given", "father", "grandfather", "family", "date_of_birth", "birth_year", "sex",
                 "phone_tail", "id_number", "governorate"):  # fmt: skip
        left, right = row.get(f"{name}_l"), row.get(f"{name}_r")
        if left is not None or right is not None:
            fields[name] = [_plain(left), _plain(right)]
    return {"match_probability": float(row["match_probability"]), "fields": fields}


def _plain(value):
    if value is None or value != value:  # None or NaN
        return None
    return value if isinstance(value, str) else str(value)
