"""Reads for the inbox, the sender's follow-up list, the case page and the reports."""

from __future__ import annotations

from datetime import datetime, timedelta
from statistics import median
from typing import Any

from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.utils import timezone

from masar.accounts.grants import small_cells_threshold
from masar.cases.models import Household
from masar.lib.disclosure import published, suppress_breakdown

from .access import referrals_received_by, referrals_sent_for, referrals_visible_to
from .choices import OPEN_STATUSES, ReferralStatus
from .models import Referral

R = ReferralStatus


def _with_related(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    return referrals.select_related(
        "service", "to_organisation", "from_organisation", "governorate", "household"
    )


def overdue(referrals: QuerySet[Referral], now: datetime | None = None) -> list[Referral]:
    """Sent and not accepted within the service's response time."""
    now = now or timezone.now()
    return [r for r in _with_related(referrals.filter(status=R.SENT)) if r.is_overdue(now)]


def inbox(user) -> dict[str, list[Referral]]:
    """A partner's referrals: new, overdue, in progress."""
    mine = referrals_received_by(user)
    return {
        "new": list(_with_related(mine.filter(status=R.SENT))),
        "overdue": overdue(mine),
        "in_progress": list(_with_related(mine.filter(status__in=[R.ACCEPTED, R.IN_PROGRESS]))),
    }


def _overdue_q(referrals: QuerySet[Referral], now: datetime) -> Q:
    """The referrals of `referrals` sent and not accepted within their service's response
    time, as a condition the database evaluates: one deadline per response time in use (a
    handful), since adding a number of days to a date is written differently by each database."""
    days = referrals.filter(status=R.SENT).values_list("service__response_days", flat=True)
    late = Q(pk__in=[])
    for response_days in set(days):
        late |= Q(service__response_days=response_days, sent_at__lt=now - timedelta(response_days))
    return late & Q(status=R.SENT)


def inbox_summary(user, *, now: datetime | None = None, limit: int = 5) -> dict:
    """A partner's day, for the home page: how many referrals wait for an answer, how many of
    those are overdue, how many are open in all, and the first `limit` waiting, overdue ones
    first then the oldest. Four queries, however full the inbox."""
    now = now or timezone.now()
    mine = referrals_received_by(user)
    by_status = dict(
        mine.filter(status__in=OPEN_STATUSES).values_list("status").annotate(n=Count("id"))
    )
    late = _overdue_q(mine, now)
    waiting = _with_related(mine.filter(status=R.SENT)).annotate(
        late_first=Case(When(late, then=Value(0)), default=Value(1))
    )
    return {
        "new": by_status.get(R.SENT, 0),
        "open": sum(by_status.values()),
        "overdue": mine.filter(late).count(),
        "first": list(waiting.order_by("late_first", "sent_at", "id")[:limit]),
    }


def referrals_to_follow_up(user) -> QuerySet[Referral]:
    """Completed and declined referrals of the sender's cases, newest first (closing the loop)."""
    return _with_related(
        referrals_sent_for(user).filter(
            status__in=[R.COMPLETED, R.DECLINED, R.CLOSED_NO_SERVICE],
            finished_at__gte=timezone.now() - timedelta(days=60),
        )
    ).order_by("-finished_at")


def sent_by_my_organisation(user) -> QuerySet[Referral]:
    return _with_related(referrals_sent_for(user))


def referrals_for_household(household: Household) -> list[Referral]:
    """The household's referrals, and those of households merged into it."""
    referrals = Referral.objects.filter(
        Q(household=household) | Q(household__merged_into=household)
    )
    return list(_with_related(referrals).prefetch_related("events__actor"))


def report(user) -> dict[str, object]:
    """Referrals by sector, partner and governorate; acceptance rate; medians; overdue.

    Below national scope the counts are suppressed (`masar.lib.disclosure`): each breakdown
    with the total, and a rate or median drawn from fewer referrals than the threshold is not
    given. The overdue list holds only referrals the user may open."""
    referrals = referrals_visible_to(user)
    by = {
        name: list(referrals.values(label=F(field)).annotate(n=Count("id")).order_by("-n"))
        for name, field in (
            ("sector", "service__sector"),
            ("partner", "to_organisation__name"),
            ("governorate", "governorate__name_en"),
        )
    }
    answered = referrals.exclude(status__in=[R.SENT, R.WITHDRAWN])
    answered_count = answered.count()
    accepted = answered.exclude(status=R.DECLINED).count()
    rows = referrals.values_list("sent_at", "accepted_at", "finished_at", "status")
    to_accept = [(a - s).total_seconds() / 86400 for s, a, _f, _st in rows if a]
    to_complete = [
        (f - s).total_seconds() / 86400 for s, _a, f, st in rows if f and st == R.COMPLETED
    ]
    threshold = small_cells_threshold(user)
    floor = threshold or 1
    result: dict[str, Any] = {
        "total": referrals.count(),
        "by": by,
        "by_status": dict(referrals.values_list("status").annotate(n=Count("id"))),
        "acceptance_rate": round(100 * accepted / answered_count, 1)
        if answered_count >= floor
        else None,
        "median_days_to_acceptance": round(median(to_accept), 1)
        if len(to_accept) >= floor
        else None,
        "median_days_to_completion": round(median(to_complete), 1)
        if len(to_complete) >= floor
        else None,
        "overdue": overdue(referrals),
        "threshold": threshold,
    }
    if threshold is not None:
        for name, counted in by.items():
            cells, _total = suppress_breakdown({r["label"]: r["n"] for r in counted}, threshold)
            result["by"][name] = [{**r, "n": cells[r["label"]]} for r in counted]
        result["by_status"] = suppress_breakdown(result["by_status"], threshold)[0]
        result["total"] = published(result["total"], threshold)
    return result
