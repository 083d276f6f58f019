"""Tracking pages: rounds, a round's figures and map, location histories, comparison, imports,
emergencies. Thin: the numbers come from `queries`, the writes from `importing`/`emergencies`."""

from __future__ import annotations

import csv
import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from masar.core import jobs
from masar.core.workflow_pages import action_fields, run_posted
from masar.geo.access import get_location_for_user
from masar.lib.exports import file_response, neutral_row

from . import emergencies, queries
from . import jobs as tracking_jobs
from .access import can_manage, get_event, get_round, is_released, rounds_visible_to
from .charts import Line, line_chart
from .choices import PopulationType, RoundStatus
from .forms import (
    CompareForm,
    EmergencyEventForm,
    EmergencyUpdateForm,
    EmergencyUploadForm,
    ImportForm,
)
from .importing import load_layout
from .importing.masterlist import stage_upload
from .models import EmergencyEvent
from .workflow import EMERGENCY_WORKFLOWS, ROUND_WORKFLOW, emergency_workflow


@login_required
def round_list(request):
    rounds = queries.rounds_listed(request.user)
    return render(
        request,
        "tracking/round_list.html",
        {"rounds": rounds, "can_manage": can_manage(request.user)},
    )


def _governorate_table(current: list[dict], previous: list[dict]) -> list[dict]:
    before = {(r["pcode"], r["population_type"]): r["individuals"] for r in previous}
    table: dict[str, dict] = {}
    for r in current:
        row = table.setdefault(
            r["pcode"], {"pcode": r["pcode"], "name_en": r["name_en"], "name_ar": r["name_ar"]}
        )
        row[r["population_type"]] = r
        row[f"{r['population_type']}_change"] = (
            r["individuals"] - before[(r["pcode"], r["population_type"])]
            if (r["pcode"], r["population_type"]) in before
            else None
        )
    return sorted(table.values(), key=lambda row: row["pcode"])


# The round page's list of locations, and its export.
LOCATIONS_PER_PAGE = 50
LOCATION_HEADER = ["location_id", "name", "name_ar", "governorate", "area", "idp_families",
                   "idp_individuals", "returnee_families", "returnee_individuals"]  # fmt: skip
LOCATION_HXL = ["#loc+code", "#loc+name", "#loc+name+i_ar", "#adm1+code", "#adm3+code",
                "#affected+idps+hh", "#affected+idps+ind", "#affected+returnees+hh",
                "#affected+returnees+ind"]  # fmt: skip


def _location_values(row: dict) -> list:
    return [
        row["location__external_id"], row["location__name_en"], row["location__name_ar"],
        row["location__governorate__pcode"], row["location__area__pcode"], row["idp_families"],
        row["idp_individuals"], row["returnee_families"], row["returnee_individuals"],
    ]  # fmt: skip


# The action taken from the warnings list, one form per warning, not among the status buttons.
ACKNOWLEDGE = "acknowledge"


@login_required
def round_detail(request, uid):
    round_ = get_round(request.user, uid)
    status = 200
    if request.method == "POST":
        status = run_posted(request, ROUND_WORKFLOW, round_) or 200
        if status == 200:
            return redirect("tracking:round", uid=round_.uid)
    visible = rounds_visible_to(request.user)
    previous = queries.previous_round(round_, visible)
    figures = queries.figures_visible_to(request.user, round_)
    current = queries.totals_by_governorate(round_, request.user)
    before = queries.totals_by_governorate(previous, request.user) if previous else []
    all_options = ROUND_WORKFLOW.options(request.user, round_)
    options = [o for o in all_options if o.action != ACKNOWLEDGE]
    acknowledge = next((o for o in all_options if o.action == ACKNOWLEDGE and not o.missing), None)
    typed = request.POST.dict() if status != 200 else None
    manages = can_manage(request.user)
    search = request.GET.get("q", "").strip()
    locations = Paginator(
        queries.round_locations(request.user, round_, search), LOCATIONS_PER_PAGE
    ).get_page(request.GET.get("page"))
    labels = {t.action: t.label for t in ROUND_WORKFLOW.transitions}
    events = list(round_.events.select_related("actor")) if manages else []
    for event in events:
        event.label = labels.get(event.action, event.action)
    return render(
        request,
        "tracking/round_detail.html",
        {
            "round": round_,
            "previous": previous,
            "totals": queries.totals_from_governorates(current),
            "governorates": _governorate_table(current, before),
            "groups": queries.shelter_groups(figures),
            "imports": round_.imports.select_related("uploaded_by")[:50],
            "rounds": visible.exclude(pk=round_.pk)[:20],
            "options": options,
            "fields": action_fields(ROUND_WORKFLOW, request.user, round_, options, typed),
            "events": events,
            "warnings": queries.plausibility_warnings(round_) if manages else [],
            "can_acknowledge": acknowledge is not None,
            "embargoed": round_.status == RoundStatus.PUBLISHED and not is_released(round_),
            "locations": locations,
            "search": search,
            "manages": manages,
        },
        status=status,
    )


class _Echo:
    """A file-like object whose write returns the line, for a streaming CSV response."""

    def write(self, value: str) -> str:
        return value


@login_required
def round_locations_csv(request, uid):
    """The round's locations the user may see (as searched on the page), streamed as CSV."""
    round_ = get_round(request.user, uid)
    rows = queries.round_locations(request.user, round_, request.GET.get("q", ""))
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # a BOM, so spreadsheet programs read Arabic names correctly
        yield writer.writerow(neutral_row(LOCATION_HEADER))
        yield writer.writerow(neutral_row(LOCATION_HXL))
        for row in rows.iterator(chunk_size=2000):
            yield writer.writerow(neutral_row(_location_values(row)))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    name = f"round-{round_.end_date:%Y%m}-locations.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def round_map(request, uid):
    """Locations of the round as GeoJSON points sized by individuals."""
    round_ = get_round(request.user, uid)
    rows = (
        queries.figures_visible_to(request.user, round_)
        .values(
            "location__uid",
            "location__name_en",
            "location__latitude",
            "location__longitude",
            "population_type",
        )
        .annotate(individuals=Sum("individuals"))
    )
    colors = {"idp": "#a15c00", "returnee": "#0b5e55"}
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [r["location__longitude"], r["location__latitude"]],
            },
            "properties": {
                "kind": "location",
                "uid": str(r["location__uid"]),
                "label": f"{r['location__name_en']}: {r['individuals']:,} ({r['population_type']})",
                "radius": round(2 + min(18, math.sqrt(r["individuals"]) / 6), 1),
                "color": colors[r["population_type"]],
                "url": f"/tracking/locations/{r['location__uid']}/",
            },
        }
        for r in rows
        if r["location__latitude"] is not None
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


@login_required
def location_history(request, uid):
    location = get_location_for_user(request.user, uid)
    history = queries.location_history(location, request.user)
    lines = [
        Line(
            label,
            color,
            [
                (h["round__end_date"].isoformat()[:7], h["individuals"])
                for h in history
                if h["population_type"] == population
            ],
        )
        for population, label, color in (
            ("idp", _("IDPs"), "#a15c00"),
            ("returnee", _("Returnees"), "#0b5e55"),
        )
    ]
    return render(
        request,
        "tracking/location_history.html",
        {"location": location, "history": history, "chart": line_chart(lines)},
    )


@login_required
def national_series(request):
    series = queries.national_series(request.user)
    lines = [
        Line(
            label,
            color,
            [
                (s["date"].isoformat()[:7], s["individuals"])
                for s in series
                if s["population_type"] == p
            ],
        )
        for p, label, color in (
            ("idp", _("IDPs"), "#a15c00"),
            ("returnee", _("Returnees"), "#0b5e55"),
        )
    ]
    return render(request, "tracking/series.html", {"series": series, "chart": line_chart(lines)})


@login_required
def compare(request):
    form = CompareForm(request.GET)
    if not form.is_valid():
        return render(request, "tracking/compare.html", {"form": form}, status=400)
    first = get_round(request.user, form.cleaned_data["a"])
    second = get_round(request.user, form.cleaned_data["b"])
    rows = queries.compare_rounds(first, second, request.user)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        header = ["location_id", "name", "governorate", "population", "change",
                  "families_before", "families_after"]  # fmt: skip
        hxl = ["#loc+code", "#loc+name", "#adm1+code", "#population+type", "#status",
               "#affected+hh+before", "#affected+hh+after"]  # fmt: skip
        values = [
            [r["location"], r["name"], r["governorate"], r["population_type"], r["change"],
             r["families_before"], r["families_after"]]
            for r in rows
        ]  # fmt: skip
        name = f"comparison-{first.end_date:%Y%m}-{second.end_date:%Y%m}"
        return file_response(fmt, name, header, values, hxl)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["change"]] = counts.get(r["change"], 0) + 1
    changed = [r for r in rows if r["change"] != "unchanged"]
    return render(
        request,
        "tracking/compare.html",
        {
            "first": first,
            "second": second,
            "rows": changed[:500],
            "counts": counts,
            "populations": dict(PopulationType.choices),
            "changes": {
                "new": _("New location"),
                "closed": _("Closed location"),
                "changed": _("Changed"),
            },
        },
    )


@login_required
def import_page(request):
    if not can_manage(request.user):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        path = stage_upload(upload)
        job = jobs.start(
            request.user,
            tracking_jobs.IMPORT,
            _("Import of %(file)s") % {"file": upload.name},
            **tracking_jobs.import_arguments(path, upload.name, form.cleaned_data),
        )
        return redirect("job", uid=job.uid)
    return render(request, "tracking/import.html", {"form": form})


@login_required
def import_template(request, fmt: str):
    """Masar's own layout as an empty template, header and HXL row, in CSV or XLSX."""
    layout = load_layout("masar")
    header = [ref.header for ref in layout.fields.values()]
    hxl = [ref.hxl for ref in layout.fields.values()]
    for refs in layout.shelters.values():
        header.append(refs[0].header)
        hxl.append(refs[0].hxl)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    return file_response(fmt, "masar-master-list", header, [], hxl)


@login_required
def event_list(request):
    form = EmergencyEventForm(request.POST or None)
    if request.method == "POST":
        if not can_manage(request.user):
            raise Http404
        if form.is_valid():
            event = emergencies.create_event(request.user, form.cleaned_data)
            return redirect("tracking:event", uid=event.uid)
    return render(
        request,
        "tracking/event_list.html",
        {
            "events": EmergencyEvent.objects.all(),
            "form": form,
            "can_manage": can_manage(request.user),
        },
    )


@login_required
def event_detail(request, uid):
    event = get_event(request.user, uid)
    form = EmergencyUpdateForm(request.POST if "update" in request.POST else None)
    upload = EmergencyUploadForm(
        request.POST if "upload" in request.POST else None, request.FILES or None
    )
    status = 200
    if request.method == "POST" and "action" in request.POST:
        workflow = emergency_workflow(request.POST["action"])
        status = run_posted(request, workflow, event) or 200
        if status == 200:
            return redirect("tracking:event", uid=event.uid)
    elif request.method == "POST":
        if not can_manage(request.user):
            raise Http404
        try:
            if "update" in request.POST and form.is_valid():
                emergencies.record_update(request.user, event, form.cleaned_data)
                messages.success(request, _("Update recorded."))
                return redirect("tracking:event", uid=event.uid)
            if "upload" in request.POST and upload.is_valid():
                count = emergencies.upload_updates(
                    request.user, event, upload.cleaned_data["file"].read()
                )
                messages.success(request, _("%(n)s updates loaded.") % {"n": count})
                return redirect("tracking:event", uid=event.uid)
        except (ValidationError, PermissionDenied) as exc:
            for message in getattr(exc, "messages", [str(exc)]):
                messages.error(request, message)
    # A POST that gets this far was refused: a recorded one redirects.
    series = emergencies.cumulative(event)
    chart = line_chart(
        [
            Line(
                _("Displaced (cumulative)"),
                "#a15c00",
                [(s["reported_on"].isoformat(), s["total_individuals_displaced"]) for s in series],
            ),
            Line(
                _("Returned (cumulative)"),
                "#0b5e55",
                [(s["reported_on"].isoformat(), s["total_individuals_returned"]) for s in series],
            ),
        ]
    )
    typed = request.POST.dict() if status != 200 else None
    options = [o for w in EMERGENCY_WORKFLOWS for o in w.options(request.user, event)]
    fields = [
        field
        for w in EMERGENCY_WORKFLOWS
        for field in action_fields(
            w, request.user, event, [o for o in options if w.find(o.action)], typed
        )
    ]
    return render(
        request,
        "tracking/event_detail.html",
        {
            "event": event,
            "series": series,
            "chart": chart,
            "form": form,
            "upload": upload,
            "can_manage": can_manage(request.user),
            "options": options,
            "fields": fields,
        },
        status=status if status != 200 else (400 if request.method == "POST" else 200),
    )
