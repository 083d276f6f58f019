"""The duplicate sweep in the background: started from the review queue, followed on its page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from masar.core import jobs
from masar.core.jobs import Progress, register
from masar.core.models import Job

from .actions import queue_registry_pairs

SWEEP = "dedup.sweep"


@register(SWEEP)
def sweep_in_background(user, progress: Progress, *, threshold: float) -> dict[str, Any]:
    """Link the whole registry and queue the new pairs; the result is counts only (no name)."""
    summary = queue_registry_pairs(threshold=threshold, progress=progress)
    return {
        "outcome": "swept",
        "lines": [
            f"people linked: {summary['members']:,}",
            f"likely pairs of people: {summary['pairs']:,}",
            f"new pairs of households queued for review: {summary['queued']:,}",
        ],
        "link": {"url": reverse("dedup:queue"), "label": gettext_noop("Open the review queue")},
    }


def start_sweep(user, threshold: float = 0.95) -> Job:
    """Queue a sweep of the registry as `user` (the caller checks `access.can_sweep`)."""
    return jobs.start(user, SWEEP, _("Duplicate sweep of the registry"), threshold=threshold)
