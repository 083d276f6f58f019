"""The page of a background job: progress while it runs, then its result or its error."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from masar.core.jobs import job_for


@never_cache
@login_required
def job_page(request: HttpRequest, uid) -> HttpResponse:
    view = job_for(request.user, uid)
    if view is None:
        raise Http404
    return render(request, "web/job.html", {"view": view, "job": view.job})


@never_cache
@login_required
def job_status(request: HttpRequest, uid) -> JsonResponse:
    """What the page's script refreshes: no result, only how far the work has got."""
    view = job_for(request.user, uid)
    if view is None:
        raise Http404
    job = view.job
    return JsonResponse(
        {
            "status": job.status,
            "status_label": str(job.get_status_display()),
            "stage": gettext(job.stage) if job.stage else "",
            "done": job.done,
            "total": job.total,
            "percent": view.percent,
            "seconds_left": view.seconds_left,
            "finished": view.finished,
        }
    )
