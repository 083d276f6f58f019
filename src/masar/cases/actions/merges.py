"""Writes to households when duplicate detection merges two of them, or undoes a merge.

Duplicate detection decides which households are one; the households, their payments and their
timelines belong to cases, so the writes to them happen here; who may merge is checked by the
review that decides. A merge moves nothing: the merged household points at the survivor, whose
case page shows both, so undoing it clears one pointer.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import events
from ..choices import PaymentStatus
from ..models import Household, Payment


@transaction.atomic
def merge_household(
    user, survivor: Household, merged: Household, *, payload: dict[str, Any] | None = None
) -> list[int]:
    """Point `merged` at `survivor` and record it on both timelines (with `payload`).

    Payments made to both for the same purpose are flagged for finance, never cancelled;
    their ids are returned so that undoing the merge clears exactly those flags."""
    survivor = Household.objects.select_for_update().get(pk=survivor.pk)
    merged = Household.objects.select_for_update().get(pk=merged.pk)
    if merged.merged_into_id or survivor.merged_into_id:
        raise ValidationError(_("One of these households is already merged into another."))
    flagged = _flag_payments_to_both(survivor, merged)
    merged.merged_into = survivor
    merged.version += 1
    merged.save(update_fields=["merged_into", "version", "updated_at"])
    events.merged(survivor, user, "merged_from", merged, payload)
    events.merged(merged, user, "merged_into", survivor, payload)
    return flagged


def _flag_payments_to_both(survivor: Household, merged: Household) -> list[int]:
    live = Payment.objects.exclude(status=PaymentStatus.CANCELLED)
    survivor_paid: dict[str, Payment] = {}
    for paid in live.filter(household=survivor):  # the first payment of each purpose
        survivor_paid.setdefault(paid.purpose, paid)
    note = _("Paid to both %(a)s and %(b)s before their merge: check with finance.") % {
        "a": survivor.case_number,
        "b": merged.case_number,
    }
    flagged: list[int] = []
    for payment in live.filter(household=merged):
        twin = survivor_paid.get(payment.purpose)
        if twin is None:
            continue
        Payment.objects.filter(pk__in=[payment.pk, twin.pk]).update(finance_flag=note[:200])
        flagged += [payment.pk, twin.pk]
    return flagged


@transaction.atomic
def unmerge_household(
    user, merged: Household, flagged_payments: list[int], *, payload: dict[str, Any] | None = None
) -> Household:
    """Let `merged` stand on its own again and clear the finance flags its merge set."""
    merged = Household.objects.select_for_update().get(pk=merged.pk)
    survivor = merged.merged_into
    if survivor is None:
        raise ValidationError(_("This household is not merged into another."))
    merged.merged_into = None
    merged.version += 1
    merged.save(update_fields=["merged_into", "version", "updated_at"])
    Payment.objects.filter(pk__in=flagged_payments).update(finance_flag="")
    events.merged(survivor, user, "merge_undone", merged, payload)
    events.merged(merged, user, "merge_undone", survivor, payload)
    return merged
