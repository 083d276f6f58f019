"""Reads of the complaints and feedback mechanism: lists, the overdue worklist, the analysis."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from statistics import median

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from masar.accounts.grants import small_cells_threshold
from masar.core.numbering import normalise_reference
from masar.lib.dates import add_months
from masar.lib.disclosure import Suppressed, published, shown, suppress_breakdown

from .access import sees_sensitive_tickets, tickets_visible_to
from .choices import OPEN_STATUSES, SENSITIVE, Channel, Priority, TicketStatus, TicketType
from .models import Ticket

TREND_MONTHS = 12


def search(user, params: Mapping[str, str], text: str = "") -> QuerySet[Ticket]:
    """The tickets `user` may see, filtered by the list page's (or the API's) parameters and
    searched for `text` (a reference, words, a name or a phone: posted, never in the URL, so
    it is not read from `params`)."""
    tickets = tickets_visible_to(user).select_related("governorate", "assigned_to")
    text = text.strip()
    if text:
        tickets = tickets.filter(
            Q(reference__icontains=text)
            | Q(description__icontains=text)
            | Q(contact_name__icontains=text)
            | Q(contact_phone__contains=text)
        )
    for field in ("status", "type", "channel", "sensitivity", "priority"):
        if params.get(field):
            tickets = tickets.filter(**{field: params[field]})
    if params.get("governorate"):
        tickets = tickets.filter(governorate__pcode=params["governorate"])
    if params.get("overdue"):
        tickets = overdue(tickets)
    if params.get("mine"):
        tickets = tickets.filter(assigned_to=user)
    return tickets


def overdue(tickets: QuerySet[Ticket], now: datetime | None = None) -> QuerySet[Ticket]:
    """Open tickets past their deadline: the response's, or a sensitive ticket's first action."""
    now = now or timezone.now()
    late = Q(response_due__lt=now) | Q(first_action_at__isnull=True, first_action_due__lt=now)
    return tickets.filter(late, status__in=OPEN_STATUSES)


def worklist(user) -> dict:
    """What an officer acts on: overdue, new and unassigned, assigned to them."""
    tickets = tickets_visible_to(user).select_related("governorate", "assigned_to")
    return {
        "overdue": list(overdue(tickets).order_by("response_due")[:100]),
        "new": list(tickets.filter(status=TicketStatus.NEW).order_by("received_at")[:100]),
        "mine": list(
            tickets.filter(assigned_to=user, status__in=OPEN_STATUSES).order_by("response_due")[
                :100
            ]
        ),
    }


def worklist_summary(user, *, now: datetime | None = None, limit: int = 5) -> dict:
    """An officer's day, for the home page: the open tickets by priority (most urgent first),
    how many are past their deadline or new and unassigned, and the first `limit` open tickets
    by deadline, so that the late ones lead. Three queries, however long the worklist."""
    now = now or timezone.now()
    tickets = tickets_visible_to(user)
    open_tickets = tickets.filter(status__in=OPEN_STATUSES)
    by_priority: Counter[str] = Counter()
    new = 0
    for status, priority, n in open_tickets.values_list("status", "priority").annotate(
        n=Count("id")
    ):
        by_priority[priority] += n
        new += n if status == TicketStatus.NEW else 0
    return {
        "open": sum(by_priority.values()),
        "by_priority": [
            (code, label, by_priority[code]) for code, label in reversed(Priority.choices)
        ],
        "overdue": overdue(tickets, now).count(),
        "new": new,
        "first": list(
            open_tickets.select_related("governorate").order_by(
                F("response_due").asc(nulls_last=True), "received_at", "id"
            )[:limit]
        ),
    }


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The instants the month of `month` starts and ends (excluded) in the current time zone:
    a ticket received at 01:00 on the 1st in Baghdad belongs to that month, not to UTC's."""
    start = month.replace(day=1)
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(add_months(start, 1), time.min, tzinfo=zone),
    )


def _counts(tickets: QuerySet[Ticket], field: str, labels=None) -> list[tuple[str, str, int]]:
    """(key, label, count) per value of `field`, largest first."""
    labels = dict(labels or ())
    rows = tickets.values(field).annotate(n=Count("id")).order_by("-n", field)
    return [
        (row[field] or "", str(labels.get(row[field], row[field] or "")), row["n"]) for row in rows
    ]


def _per_month(tickets: QuerySet[Ticket], start: datetime, end: datetime) -> dict[date, int]:
    rows = (
        tickets.filter(received_at__gte=start, received_at__lt=end)
        .annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(n=Count("id"))
    )
    return {timezone.localdate(r["month"]): r["n"] for r in rows}


def monthly_analysis(user, month: date) -> dict:
    """The month's figures over the tickets `user` may see, and the 12-month trend ending with
    `month`.

    Sensitive tickets are counted (totals only, no detail, country-wide) for those who may see
    them, the PSEA focal points, and for nobody else: not even their number may tell a CFM
    officer or a case worker that allegations were made. A user whose grants cover only some
    governorates sees the figures with small cells suppressed (`masar.lib.disclosure`)."""
    first = month.replace(day=1)
    start, end = month_bounds(first)
    visible = tickets_visible_to(user).exclude(sensitivity__in=SENSITIVE)
    in_month = visible.filter(received_at__gte=start, received_at__lt=end)
    responded = list(
        in_month.filter(responded_at__isnull=False).values_list(
            "received_at", "responded_at", "response_due"
        )
    )
    hours = [(done - received).total_seconds() / 3600 for received, done, _due in responded if done]
    on_time = sum(1 for _received, done, due in responded if done and (due is None or done <= due))
    trend_months = [add_months(first, n) for n in range(1 - TREND_MONTHS, 1)]
    trend_start = month_bounds(trend_months[0])[0]
    trend = _per_month(visible, trend_start, end)
    sensitive = sees_sensitive_tickets(user)
    sensitive_trend = (
        _per_month(Ticket.objects.filter(sensitivity__in=SENSITIVE), trend_start, end)
        if sensitive
        else {}
    )
    months = [
        {
            "month": m,
            "tickets": trend.get(m, 0),
            "sensitive": sensitive_trend.get(m, 0) if sensitive else None,
        }
        for m in trend_months
    ]
    categories = Counter(
        (row["type"], row["sector"] or "") for row in in_month.values("type", "sector")
    )
    result = {
        "month": first,
        "total": in_month.count(),
        "sensitive_total": Ticket.objects.filter(
            sensitivity__in=SENSITIVE, received_at__gte=start, received_at__lt=end
        ).count()
        if sensitive
        else None,
        "by_type": _counts(in_month, "type", TicketType.choices),
        "by_channel": _counts(in_month, "channel", Channel.choices),
        "by_governorate": _counts(in_month, "governorate__name_en"),
        "by_programme": _counts(in_month, "programme"),
        "by_status": _counts(in_month, "status", TicketStatus.choices),
        "responded": len(responded),
        "responded_on_time": on_time,
        "on_time_share": on_time / len(responded) if responded else None,
        "median_hours_to_response": median(hours) if hours else None,
        "top_categories": categories.most_common(5),
        "open_overdue": overdue(in_month).count(),
        "trend": months,
        "suppressed": False,
    }
    threshold = small_cells_threshold(user)
    if threshold is not None:
        _suppress_small_cells(result, threshold)
    return result


def _suppress_small_cells(result: dict, threshold: int) -> None:
    """The analysis as a user below national scope may see it: each breakdown suppressed with
    its total, the other counts one by one; a share or median of a withheld count goes too."""
    # Every breakdown adds up to the month's total, and publishes it the same way.
    for dimension in ("by_type", "by_channel", "by_governorate", "by_programme", "by_status"):
        cells, _total = suppress_breakdown({key: n for key, _l, n in result[dimension]}, threshold)
        result[dimension] = [(key, label, cells[key]) for key, label, _n in result[dimension]]
    result["total"] = published(result["total"], threshold)
    for key in ("responded", "responded_on_time", "open_overdue"):
        result[key] = published(result[key], threshold)
    if isinstance(result["responded"], Suppressed):
        result["on_time_share"] = result["median_hours_to_response"] = None
    result["top_categories"] = [
        (category, published(n, threshold)) for category, n in result["top_categories"]
    ]
    for month in result["trend"]:
        month["tickets"] = published(month["tickets"], threshold)
    result["suppressed"], result["threshold"] = True, threshold


def household_tickets(user, household) -> QuerySet[Ticket]:
    return tickets_visible_to(user).filter(household=household).order_by("-received_at")


def analysis_rows(result: dict) -> list[list]:
    """The monthly analysis as rows of (measure, category, value) for CSV/XLSX."""
    rows: list[list] = [["total", "", result["total"]]]
    if result["sensitive_total"] is not None:
        rows.append(["sensitive (total only)", "", result["sensitive_total"]])
    for dimension in ("by_type", "by_channel", "by_governorate", "by_programme"):
        rows += [[dimension[3:], key, n] for key, _label, n in result[dimension]]
    median_hours = result["median_hours_to_response"]
    rows += [
        ["responded", "", result["responded"]],
        ["responded within deadline", "", result["responded_on_time"]],
        ["median hours to response", "", round(median_hours, 1) if median_hours else ""],
    ]
    rows += [["month", m["month"].isoformat(), m["tickets"]] for m in result["trend"]]
    if result["sensitive_total"] is not None:
        rows += [
            ["month, sensitive", m["month"].isoformat(), m["sensitive"]] for m in result["trend"]
        ]
    return [[shown(value) for value in row] for row in rows]


@dataclass(frozen=True)
class PublicStatus:
    """What whoever holds a ticket's reference may learn without an account: where it stands,
    never its content, its handler or whether it was marked sensitive."""

    reference: str
    received_on: date
    phase: str
    answered_on: date | None


# The public sees three phases, not the team's own statuses (assignment is internal).
PUBLIC_PHASES = {
    TicketStatus.NEW: _("Received"),
    TicketStatus.ASSIGNED: _("Being handled"),
    TicketStatus.IN_PROGRESS: _("Being handled"),
    TicketStatus.RESPONDED: _("Answered"),
    TicketStatus.CLOSED: _("Closed"),
}


def public_status(reference: str) -> PublicStatus | None:
    """The status of the ticket with `reference` as typed, or None for a mistyped or unknown
    reference (the two are told apart by `normalise_reference`, not here)."""
    written = normalise_reference(reference)
    if written is None:
        return None
    ticket = (
        Ticket.objects.filter(reference=written)
        .only("reference", "received_at", "status", "responded_at")
        .first()
    )
    if ticket is None:
        return None
    return PublicStatus(
        reference=ticket.reference,
        received_on=timezone.localdate(ticket.received_at),
        phase=str(PUBLIC_PHASES[TicketStatus(ticket.status)]),
        answered_on=timezone.localdate(ticket.responded_at) if ticket.responded_at else None,
    )
