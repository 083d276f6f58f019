"""The data-protection page: the access log and the change history, filterable, exportable.

Open to holders of an auditor's grant (`grants.may_audit`); everyone else gets 404, as for any
record out of scope. Exporting the trail is itself written to the access log.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from masar.lib.exports import file_response

from .actions import log_access
from .forms_audit import TrailFilterForm
from .grants import may_audit
from .queries_audit import TrailFilter, access_log_entries, change_entries, record_types

PAGE_SIZE = 50
# The access log's own export is logged against this fixed id: the trail is one record.
TRAIL_UID = uuid.UUID(int=0)


def _require_auditor(request) -> None:
    if not may_audit(request.user):
        raise Http404


def _filters(request) -> tuple[TrailFilterForm, TrailFilter]:
    form = TrailFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, form.filters()
    return form, TrailFilter()


def _stamp(value) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


@login_required
def access_log(request):
    _require_auditor(request)
    form, filters = _filters(request)
    rows = access_log_entries(filters)
    if request.GET.get("format") in {"csv", "xlsx"}:
        # The export is the log as it stood when asked for, without its own row.
        last = rows.order_by("-pk").values_list("pk", flat=True).first() or 0
        rows = rows.filter(pk__lte=last)
        log_access(request.user, "access_log", TRAIL_UID, via="export", action="export")
        return file_response(
            request.GET["format"],
            "access-log",
            ["at", "user", "record_type", "record_uid", "action", "via"],
            (
                [
                    _stamp(r.at),
                    r.user.username if r.user else "",
                    r.record_type,
                    str(r.record_uid),
                    r.action,
                    r.via,
                ]
                for r in rows.iterator(chunk_size=2000)
            ),
        )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "record_types": record_types(), "tab": "reads"}
    return render(request, "accounts/audit/access_log.html", context)


@login_required
def change_history(request):
    _require_auditor(request)
    form, filters = _filters(request)
    rows = change_entries(filters)
    if request.GET.get("format") in {"csv", "xlsx"}:
        log_access(request.user, "change_history", TRAIL_UID, via="export", action="export")
        return file_response(
            request.GET["format"],
            "change-history",
            ["at", "user", "record_type", "record_id", "action", "fields_changed"],
            (
                [
                    _stamp(e.timestamp),
                    e.actor.username if e.actor else "",
                    e.content_type.model,
                    e.object_pk,
                    e.get_action_display(),
                    ", ".join(e.changes_dict),
                ]
                for e in rows.iterator(chunk_size=2000)
            ),
        )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "tab": "changes"}
    return render(request, "accounts/audit/change_history.html", context)
