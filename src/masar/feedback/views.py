"""Complaints and feedback pages: the worklist and list, intake, the ticket, the analysis, and
the public form (the only page of Masar open without an account)."""

from __future__ import annotations

import re
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from masar.accounts.choices import CASE_ACTORS
from masar.core.searches import recall, stash
from masar.core.workflow_pages import action_fields, run_posted
from masar.lib.clients import request_client_address
from masar.lib.exports import file_response

from . import actions, queries
from .access import (
    can_handle,
    can_use_tickets,
    get_ticket_for_user,
    log_tickets_shown,
    may_handle,
    permits,
    sees_sensitive_tickets,
)
from .choices import Channel, TicketStatus, TicketType
from .forms import PublicTicketForm, ReferenceForm, SensitivityForm, TicketForm
from .workflow import TICKET_WORKFLOW, TIMELINE_ACTIONS

EXPORT_HEADER = ["reference", "received_at", "channel", "type", "status", "governorate",
                 "programme", "sector", "priority", "responded_at", "response_method"]  # fmt: skip
EXPORT_HXL = ["#meta+id", "#date+received", "#meta+channel", "#meta+type", "#status",
              "#adm1+code", "#sector+programme", "#sector", "#meta+priority",
              "#date+responded", "#meta+response"]  # fmt: skip


def _require(request) -> None:
    if not can_use_tickets(request.user):
        raise Http404


# The list's filters that may go in its URL: choices and flags, never text typed by the user.
FILTERS = ("status", "type", "channel", "overdue")


def _filtered_url(request) -> str:
    """The list's URL for a posted search: the filters, and the text as an opaque key."""
    from urllib.parse import urlencode

    from django.urls import reverse

    params = {name: request.POST.get(name, "") for name in FILTERS}
    params["search"] = stash(request, request.POST.get("q", ""))
    query = urlencode({name: value for name, value in params.items() if value})
    return f"{reverse('feedback:index')}?{query}" if query else reverse("feedback:index")


@login_required
def index(request):
    """The worklist and the searchable list; the tickets shown (or exported) are logged."""
    _require(request)
    if request.method == "POST":
        return redirect(_filtered_url(request))
    text = recall(request, request.GET.get("search"))
    tickets = queries.search(request.user, request.GET, text)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        exported = tickets.select_related(None).only("uid")
        log_tickets_shown(request.user, exported, via="export", action="export")
        rows = (
            [t.reference, timezone.localtime(t.received_at).isoformat(timespec="minutes"),
             t.channel, t.type, t.status, t.governorate.pcode if t.governorate else "",
             t.programme, t.sector, t.priority,
             timezone.localtime(t.responded_at).isoformat(timespec="minutes")
             if t.responded_at else "", t.response_method]
            for t in tickets.iterator(chunk_size=2000)
        )  # fmt: skip
        return file_response(fmt, "tickets", EXPORT_HEADER, rows, EXPORT_HXL)
    page = Paginator(tickets, 50).get_page(request.GET.get("page"))
    worklist = queries.worklist(request.user) if can_handle(request.user) else None
    shown = [*page.object_list, *(t for part in (worklist or {}).values() for t in part)]
    log_tickets_shown(request.user, shown)
    return render(
        request,
        "feedback/index.html",
        {
            "page": page,
            "search": text,
            "worklist": worklist,
            "statuses": TicketStatus.choices,
            "types": TicketType.choices,
            "channels": Channel.choices,
            "params": request.GET,
            "can_handle": can_handle(request.user),
            "now": timezone.now(),
        },
    )


@login_required
def new(request):
    if not can_handle(request.user):
        raise Http404
    sensitive = sees_sensitive_tickets(request.user)
    form = TicketForm(request.POST or None, sees_sensitive=sensitive)
    if request.method == "POST" and form.is_valid():
        try:
            ticket = actions.create_ticket(request.user, form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            for message in getattr(exc, "messages", [str(exc)]):
                messages.error(request, message)
        else:
            messages.success(request, _("Ticket %(ref)s recorded.") % {"ref": ticket.reference})
            if ticket.sensitive and not sensitive:
                messages.info(
                    request, _("It is sensitive: the PSEA focal points have it, you will not.")
                )
                return redirect("feedback:index")
            return redirect("feedback:detail", uid=ticket.uid)
    return render(request, "feedback/new.html", {"form": form})


@login_required
def detail(request, uid):
    _require(request)
    ticket = get_ticket_for_user(request.user, uid)
    sensitivity_form = SensitivityForm(
        request.POST if request.POST.get("form") == "sensitivity" else None,
        initial={"sensitivity": ticket.sensitivity},
    )
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("form") == "sensitivity":
                if not sensitivity_form.is_valid():
                    raise ValidationError(_("Choose the sensitivity and give the reason."))
                ticket = actions.set_sensitivity(
                    request.user, ticket, **sensitivity_form.cleaned_data
                )
                messages.success(request, _("Sensitivity changed."))
                if not may_handle(request.user, ticket):
                    return redirect("feedback:index")
            else:
                status = run_posted(request, TICKET_WORKFLOW, ticket) or 200
        except (ValidationError, PermissionDenied) as exc:
            status = 403 if isinstance(exc, PermissionDenied) else 400
            for message in getattr(exc, "messages", [str(exc)]):
                messages.error(request, message)
        else:
            if status == 200:
                return redirect("feedback:detail", uid=ticket.uid)
    options = TICKET_WORKFLOW.options(request.user, ticket)
    typed = request.POST.dict() if status != 200 else None
    return render(
        request,
        "feedback/detail.html",
        {
            "ticket": ticket,
            "events": TICKET_WORKFLOW.labelled(
                ticket.events.select_related("actor"), TIMELINE_ACTIONS
            ),
            "options": options,
            "fields": action_fields(TICKET_WORKFLOW, request.user, ticket, options, typed),
            "sensitivity_form": sensitivity_form,
            "can_handle": may_handle(request.user, ticket),
            "overdue": ticket.overdue(),
            "refer": ticket.household_id is not None and permits(request.user, ticket, CASE_ACTORS),
        },
        status=status,
    )


# Older than any feedback mechanism Masar serves; a bound also keeps the trend's months real dates.
EARLIEST_MONTH = date(2000, 1, 1)


def _month(text: str | None, latest: date) -> date:
    """The month asked for as YYYY-MM, or `latest` (the current month in Baghdad) when none is.

    Months after `latest` or before EARLIEST_MONTH are refused: they have no tickets, and the far
    ones cannot even be turned into instants."""
    if not text:
        return latest
    found = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if found is None or not 1 <= int(found[2]) <= 12:
        raise ValidationError(_("Choose a month written as YYYY-MM, for example 2026-03."))
    month = date(int(found[1]), int(found[2]), 1)
    if not EARLIEST_MONTH <= month <= latest:
        raise ValidationError(
            _("There is no analysis for %(month)s: choose a month from %(earliest)s to %(latest)s.")
            % {
                "month": month.isoformat()[:7],
                "earliest": EARLIEST_MONTH.isoformat()[:7],
                "latest": latest.isoformat()[:7],
            }
        )
    return month


@login_required
def analysis(request):
    _require(request)
    latest = timezone.localdate().replace(day=1)
    bounds = {"earliest": EARLIEST_MONTH, "latest": latest}
    try:
        month = _month(request.GET.get("month"), latest)
    except ValidationError as exc:
        context = {**bounds, "error": exc.messages[0]}
        return render(request, "feedback/analysis.html", context, status=400)
    result = queries.monthly_analysis(request.user, month)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        rows = queries.analysis_rows(result)
        name = f"feedback-{month:%Y-%m}"
        return file_response(fmt, name, ["measure", "category", "tickets"], rows)
    context = {**bounds, "result": result, "month": month}
    return render(request, "feedback/analysis.html", context)


@never_cache
def submit(request):
    """The public form. Over-long or invalid input comes back with what was typed; a burst from
    one address is refused (429) with the text kept on the page, never silently dropped."""
    form = PublicTicketForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ticket = actions.submit_public(
                form.cleaned_data, request_client_address(request), translation.get_language() or ""
            )
        except actions.RateLimited:
            return render(
                request, "feedback/submit.html", {"form": form, "limited": True}, status=429
            )
        return render(request, "feedback/thanks.html", {"reference": ticket.reference})
    return render(
        request, "feedback/submit.html", {"form": form}, status=400 if form.errors else 200
    )


@never_cache
def status(request):
    """Where a message stands, for whoever holds its reference (no account). The reference is
    posted, not put in the URL; a burst of lookups from one address is refused (429)."""
    form = ReferenceForm(request.POST or None)
    found, code = None, 200
    if request.method == "POST" and form.is_valid():
        try:
            actions.count_public_lookup(request_client_address(request))
        except actions.RateLimited:
            context = {"form": form, "limited": True}
            return render(request, "feedback/status.html", context, status=429)
        found = queries.public_status(form.cleaned_data["reference"])
        if found is None:
            form.add_error("reference", _("No message has this reference. Check each character."))
            code = 404
    return render(request, "feedback/status.html", {"form": form, "found": found}, status=code)
