"""The duplicate review queue: pairs within the reviewer's scope, side by side, decided and
merged (or the merge undone) by a supervisor."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from masar.cases.access import households_visible_to, is_case_worker

from . import actions, queries
from .access import can_review, can_sweep, get_pair_for_user, log_pairs_shown
from .jobs import start_sweep
from .models import Merge, PairStatus


@login_required
def queue(request):
    if not is_case_worker(request.user):
        raise Http404
    status = request.GET.get("status") or PairStatus.PENDING
    pairs = queries.review_queue(request.user, status)
    page = Paginator(pairs, 50).get_page(request.GET.get("page"))
    log_pairs_shown(request.user, page.object_list)
    return render(
        request,
        "dedup/queue.html",
        {
            "page": page,
            "status": status,
            "statuses": PairStatus.choices,
            "can_sweep": can_sweep(request.user),
        },
    )


@login_required
@require_POST
def sweep(request):
    """Start a sweep of the whole registry (supervisors), then follow the job."""
    if not can_sweep(request.user):
        raise Http404
    return redirect("job", uid=start_sweep(request.user).uid)


@login_required
def pair(request, pk: int):
    # A decision is posted and redirected to the pair page, which logs the read.
    candidate = get_pair_for_user(request.user, pk, log=request.method != "POST")
    if request.method == "POST":
        try:
            actions.decide(
                request.user,
                candidate,
                request.POST.get("decision", ""),
                request.POST.get("note", ""),
            )
        except (ValidationError, PermissionDenied) as exc:
            for message in getattr(exc, "messages", [str(exc)]):
                messages.error(request, message)
        else:
            messages.success(request, _("Decision recorded."))
        return redirect("dedup:pair", pk=candidate.pk)
    households = [candidate.household_l, candidate.household_r]
    merges = Merge.objects.filter(pair=candidate).select_related("merged_by", "undone_by")
    return render(
        request,
        "dedup/pair.html",
        {
            "pair": candidate,
            "sides": [(h, list(h.members.all()), h.payments.all()) for h in households],
            "merges": merges,
            "can_review": can_review(request.user, *households),
            "decisions": [c for c in PairStatus.choices if c[0] != PairStatus.PENDING],
        },
    )


@login_required
@require_POST
def undo(request, pk: int):
    visible = households_visible_to(request.user)
    try:
        record = Merge.objects.get(pk=pk, survivor__in=visible)
    except Merge.DoesNotExist as exc:
        raise Http404 from exc
    try:
        actions.undo_merge(request.user, record)
    except (ValidationError, PermissionDenied) as exc:
        for message in getattr(exc, "messages", [str(exc)]):
            messages.error(request, message)
    else:
        messages.success(request, _("The merge was undone."))
    if record.pair_id:
        return redirect("dedup:pair", pk=record.pair_id)
    return redirect("cases:detail", uid=record.survivor.uid)
