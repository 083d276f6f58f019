"""Reads for case lists, worklists and the pipeline dashboard, always within the user's scope."""

from __future__ import annotations

import re
from datetime import date, timedelta
from statistics import median
from typing import cast

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from masar.accounts.choices import AUTHORITIES, CASE_ACTORS
from masar.accounts.grants import small_cells_threshold
from masar.lib.arabic import normalize_name
from masar.lib.digits import only_digits
from masar.lib.disclosure import suppress_breakdown, suppress_within

from .access import households_for_aggregates, households_reached, households_visible_to
from .choices import (
    FINAL_STATES,
    CaseState,
    ClearanceDecision,
    EventKind,
    FollowUpStatus,
    Pathway,
    Relationship,
)
from .models import (
    Arrival,
    Assessment,
    CaseEvent,
    Clearance,
    Departure,
    DepartureList,
    FollowUp,
    Household,
    Integration,
    Member,
    Payment,
    Visit,
)
from .severity import severe_destinations


def list_households(user, *, search: str = "", state: str = "") -> QuerySet[Household]:
    """The scoped case list with its head of household, searchable by name, phone, ID or number."""
    households = households_visible_to(user).select_related(
        "governorate", "current_site", "destination"
    )
    if state:
        households = households.filter(state=state)
    search = search.strip()
    if search:
        households = households.filter(_search_q(search))
    heads = Member.objects.filter(relationship=Relationship.HEAD)
    return households.prefetch_related(Prefetch("members", queryset=heads, to_attr="heads"))


CASE_NUMBER = re.compile(r"^[A-Za-z]{2,6}-\d{4}-\d+$")


def _search_q(search: str) -> Q:
    """A case number, a phone or ID number (6+ digits), or name parts in any spelling."""
    if CASE_NUMBER.match(search):
        # Case numbers are stored in capitals: an exact match uses the unique index.
        return Q(case_number=search.upper())
    q = Q(case_number=search.upper())
    digits = only_digits(search)
    if len(digits) >= 6:
        members = Member.objects.filter(
            Q(phone__endswith=digits[-9:]) | Q(national_id_number=digits)
        )
        return q | Q(pk__in=members.values("household_id"))
    tokens = normalize_name(search).split()
    if not tokens:
        return q
    members = Member.objects.all()
    for token in tokens:
        members = members.filter(search_key__contains=token)
    return q | Q(pk__in=members.values("household_id"))


def page_of(households: QuerySet[Household], number, per_page: int = 25):
    """A page of the case list. The page's ids come first from the ordering index alone, then
    only those rows are read with their joins: deep pages cost no more than the first."""
    page = Paginator(households.only("pk"), per_page).get_page(number)
    # The page of a queryset is a sliced queryset (its type says only "sequence").
    ids = list(cast(QuerySet[Household], page.object_list).values_list("pk", flat=True))
    rows = households.filter(pk__in=ids).in_bulk(ids)
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


def get_case_page(household: Household) -> dict:
    """Everything the case page shows, in a fixed number of queries whatever the case's size.

    A household that others were merged into shows their records too: a merge moves nothing,
    so that it can be undone."""
    ids = [household.pk, *household.merged_from.values_list("pk", flat=True)]
    mine = {"household_id__in": ids}
    return {
        "members": list(Member.objects.filter(**mine)),
        "events": list(
            CaseEvent.objects.filter(**mine).select_related("actor").order_by("-at", "-id")
        ),
        "assessments": list(Assessment.objects.filter(**mine)[:1]),
        "clearances": list(Clearance.objects.filter(**mine).select_related("decided_by")),
        "visits": list(Visit.objects.filter(**mine)),
        "departures": list(Departure.objects.filter(**mine).select_related("departure_list__site")),
        "arrivals": list(Arrival.objects.filter(**mine).select_related("location")),
        "integrations": list(Integration.objects.filter(**mine).select_related("location")),
        "payments": list(Payment.objects.filter(**mine)),
        "follow_ups": list(
            FollowUp.objects.filter(**mine)
            .select_related("durability")
            .prefetch_related("attempts")
        ),
    }


def follow_ups_visible_to(user) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(household__in=households_visible_to(user)).select_related(
        "household"
    )


def overdue_follow_ups(user, *, today: date | None = None) -> QuerySet[FollowUp]:
    """Follow-ups whose window closed before today without being done."""
    today = today or timezone.localdate()
    return follow_ups_visible_to(user).filter(status=FollowUpStatus.SCHEDULED, due_until__lt=today)


def follow_ups_due(user, *, today: date | None = None, days: int = 7) -> QuerySet[FollowUp]:
    """Follow-ups whose window is open now or opens within `days`."""
    today = today or timezone.localdate()
    return follow_ups_visible_to(user).filter(
        status=FollowUpStatus.SCHEDULED,
        due_from__lte=today + timedelta(days=days),
        due_until__gte=today,
    )


def pending_clearances(user) -> QuerySet[Household]:
    return (
        households_visible_to(user)
        .filter(state=CaseState.CLEARANCE_REQUESTED, clearances__decision=ClearanceDecision.PENDING)
        .distinct()
    )


def awaiting_override(user) -> QuerySet[Household]:
    """Cleared cases whose destination needs a supervisor's decision that was not yet given."""
    cleared = households_visible_to(user).filter(state=CaseState.CLEARED, destination__isnull=False)
    pairs = list(cleared.values_list("pk", "destination_id"))
    severe = severe_destinations(d for _pk, d in pairs)
    candidates = [(pk, d) for pk, d in pairs if d in severe]
    approved = set(
        CaseEvent.objects.filter(
            kind=EventKind.OVERRIDE, household_id__in=[pk for pk, _d in candidates]
        ).values_list("household_id", "payload__destination_id")
    )
    waiting = [pk for pk, d in candidates if (pk, d) not in approved]
    return households_visible_to(user).filter(pk__in=waiting)


def pipeline(user) -> dict:
    """Households by state and by pathway (and state within each pathway), per site and
    destination governorate; time between steps; durability."""
    households = households_for_aggregates(user)
    by_state = dict(households.values_list("state").annotate(n=Count("id")))
    by_pathway = dict(households.values_list("pathway").annotate(n=Count("id")))
    by_pathway_state = list(
        households.values("pathway", "state").annotate(n=Count("id")).order_by("pathway", "state")
    )
    by_site = list(
        households.exclude(current_site=None)
        .values("current_site__name", "state")
        .annotate(n=Count("id"))
        .order_by("current_site__name", "state")
    )
    by_destination = list(
        households.exclude(destination=None)
        .values("destination__governorate__pcode", "destination__governorate__name_en", "state")
        .annotate(n=Count("id"))
        .order_by("destination__governorate__pcode", "state")
    )
    threshold = small_cells_threshold(user)
    result = {
        "by_state": [(s, label, by_state.get(s, 0)) for s, label in CaseState.choices],
        "total": sum(by_state.values()),
        "by_pathway": [(p, label, by_pathway.get(p, 0)) for p, label in Pathway.choices],
        "by_pathway_state": by_pathway_state,
        "by_site": by_site,
        "by_destination": by_destination,
        "durations": step_durations(households),
        "durability": durability_by_criterion(households),
        "by_severity": durability_by_destination_severity(households),
        "threshold": threshold,
    }
    if threshold is not None:
        _suppress_small_cells(result, threshold)
    return result


def _suppress_small_cells(result: dict, threshold: int) -> None:
    """The pipeline as a user below national scope sees it (`masar.lib.disclosure`): the states
    and the pathways, each as a breakdown of the total; the sites and destination governorates
    within each state's published count; each criterion and each severity row as a breakdown of
    its own. (Cases with no site or no destination are left out of those two tables, so a
    state's count can exceed what its column adds up to: the difference is those cases, not a
    withheld cell.)"""
    cells, result["total"] = suppress_breakdown(
        {state: n for state, _label, n in result["by_state"]}, threshold
    )
    result["by_state"] = [(state, label, cells[state]) for state, label, _n in result["by_state"]]
    pathways, _total = suppress_breakdown(
        {pathway: n for pathway, _label, n in result["by_pathway"]}, threshold
    )
    result["by_pathway"] = [(p, label, pathways[p]) for p, label, _n in result["by_pathway"]]
    # Pathway by state would publish both its margins (pathways, states), which nothing here
    # protects together: below national scope only the pathways are shown.
    result["by_pathway_state"] = []
    for table, row_key in (
        ("by_site", "current_site__name"),
        ("by_destination", "destination__governorate__pcode"),
    ):
        within = suppress_within(
            {(r[row_key], r["state"]): r["n"] for r in result[table]}, cells, threshold
        )
        result[table] = [{**r, "n": within[(r[row_key], r["state"])]} for r in result[table]]
    criteria = []
    for code, label, counts in result["durability"]["criteria"]:
        criteria.append((code, label, suppress_breakdown(counts, threshold)[0]))
    result["durability"] = {
        "criteria": criteria,
        "categories": suppress_breakdown(result["durability"]["categories"], threshold)[0],
    }
    for row in result["by_severity"]:
        parts, row["total"] = suppress_breakdown(
            {key: row[key] for key in ("durable", "at_risk", "not_durable")}, threshold
        )
        row.update(parts)


def durability_by_destination_severity(households: QuerySet[Household]) -> list[dict]:
    """How households fare by the Return Index category of where they went: the join of the two
    halves of Masar. Households whose destination has no computed index count as "not scored"."""
    from masar.indices.severity import latest_return_index

    from .models import DurabilityAssessment

    latest: dict[int, tuple[int, str]] = {}
    for household_id, destination_id, category in (
        DurabilityAssessment.objects.filter(household__in=households)
        .order_by("household_id", "-assessed_on", "-id")
        .values_list("household_id", "household__destination_id", "category")
    ):
        latest.setdefault(household_id, (destination_id, category))
    severity = latest_return_index({d for d, _c in latest.values() if d})
    table: dict[str, dict[str, int]] = {}
    for destination_id, category in latest.values():
        found = severity.get(destination_id)
        row = table.setdefault(found.category if found else "not scored", {})
        row[category] = row.get(category, 0) + 1
    order = ["high", "medium", "low", "not scored"]
    return [
        {
            "severity": name,
            "durable": table[name].get("durable", 0),
            "at_risk": table[name].get("at_risk", 0),
            "not_durable": table[name].get("not_durable", 0),
            "total": sum(table[name].values()),
        }
        for name in order
        if name in table
    ]


def step_durations(households: QuerySet[Household]) -> dict[str, float | None]:
    """Median days registration → departure → arrival → PRM, from the timeline.

    A transition's instant counts on its date in the current time zone (Baghdad), where the
    registration and PRM dates are kept: in UTC, one made in the three hours after midnight
    would fall on the day before."""
    steps = {"depart": "departed", "arrive": "arrived"}
    reached: dict[int, dict[str, date]] = {}
    registered = dict(households.values_list("pk", "registered_on"))
    for household_id, action, at in CaseEvent.objects.filter(
        household__in=households, kind=EventKind.TRANSITION, action__in=steps
    ).values_list("household_id", "action", "at"):
        reached.setdefault(household_id, {})[steps[action]] = timezone.localdate(at)
    for household_id, completed_on in FollowUp.objects.filter(
        household__in=households, kind="prm", status=FollowUpStatus.DONE
    ).values_list("household_id", "completed_on"):
        if completed_on is not None:
            reached.setdefault(household_id, {})["prm"] = completed_on

    def days(pairs):
        values = [(b - a).days for a, b in pairs if a and b]
        return round(median(values), 1) if values else None

    return {
        "registration_to_departure": days(
            (registered.get(h), r.get("departed")) for h, r in reached.items()
        ),
        "departure_to_arrival": days(
            (r.get("departed"), r.get("arrived")) for r in reached.values()
        ),
        "arrival_to_prm": days((r.get("arrived"), r.get("prm")) for r in reached.values()),
    }


def durability_by_criterion(households: QuerySet[Household]) -> dict:
    from .durability import CRITERIA
    from .models import DurabilityAssessment

    counts = {code: {"met": 0, "not_met": 0, "unknown": 0} for code, _label in CRITERIA}
    categories: dict[str, int] = {}
    for criteria, category in DurabilityAssessment.objects.filter(
        household__in=households
    ).values_list("criteria", "category"):
        categories[category] = categories.get(category, 0) + 1
        for code, status in criteria.items():
            if code in counts and status in counts[code]:
                counts[code][status] += 1
    return {
        "criteria": [(code, label, counts[code]) for code, label in CRITERIA],
        "categories": categories,
    }


def departure_list_rows(departure_list: DepartureList) -> list[dict]:
    """The households on a departure list with their head and size, for the page and manifest."""
    departures = departure_list.departures.filter(cancelled=False).select_related(
        "household__destination__area"
    )
    households = [d.household for d in departures]
    members = Member.objects.filter(household__in=households).order_by("household_id", "id")
    by_household: dict[int, list[Member]] = {}
    for member in members:
        by_household.setdefault(member.household_id, []).append(member)
    rows = []
    for departure in departures:
        people = by_household.get(departure.household_id, [])
        head = next((m for m in people if m.is_head), people[0] if people else None)
        rows.append(
            {
                "household": departure.household,
                "departure": departure,
                "head": head,
                "size": len(people),
            }
        )
    return rows


def referral_prefill(household: Household, follow_up_uid: str) -> dict[str, str]:
    """A new referral's `need` and `reason` from one of the household's follow-ups that found a
    risk or need ({} when the household has no such follow-up)."""
    from django.utils.translation import gettext as _

    try:
        item = household.follow_ups.get(uid=follow_up_uid)
    except (FollowUp.DoesNotExist, ValueError, ValidationError):
        return {}
    need = item.referral_need or (
        _("secondary displacement") if item.secondary_displacement else _("protection risk")
    )
    return {"need": need, "reason": _("Found during %(kind)s") % {"kind": item.get_kind_display()}}


def caseload(user, *, today: date | None = None, limit: int = 5) -> dict:
    """A case worker's day, for the home page: the cases their case grants reach by state, and
    the follow-ups (check-in calls, monitoring surveys) overdue or due this week, with the first
    `limit` overdue ones. Four queries, however large the caseload."""
    today = today or timezone.localdate()
    counts = dict(
        households_reached(user, CASE_ACTORS).values_list("state").annotate(n=Count("id"))
    )
    overdue = overdue_follow_ups(user, today=today)
    return {
        "by_state": [
            (state, label, counts[state]) for state, label in CaseState.choices if state in counts
        ],
        "open": sum(n for state, n in counts.items() if state not in FINAL_STATES),
        "overdue": overdue.count(),
        "overdue_first": list(overdue[:limit]),
        "due": follow_ups_due(user, today=today).count(),
    }


def clearance_queue(user, *, limit: int = 5) -> dict:
    """A government officer's day, for the home page: the cases sent to their grants for a
    clearance decision, oldest request first (the first `limit`), and how many departed
    households wait for their arrival to be registered. Three queries."""
    reached = households_reached(user, AUTHORITIES)
    pending = (
        reached.filter(
            state=CaseState.CLEARANCE_REQUESTED, clearances__decision=ClearanceDecision.PENDING
        )
        .annotate(requested=Min("clearances__requested_on"))
        .select_related("governorate")
        .order_by("requested", "id")
    )
    return {
        "pending": pending.count(),
        "first": list(pending[:limit]),
        "arrivals": reached.filter(state=CaseState.DEPARTED).count(),
    }
