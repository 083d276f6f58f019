"""What the products do when another app acts: print a round's reports once it is published.

The job is queued once the publication's transaction commits (a rolled-back publication starts
nothing), and only for a round released then: an embargoed round is printed on request once its
embargo lifts (the reports page offers it to tracking managers).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from masar.tracking.access import is_released
from masar.tracking.hooks import round_moved
from masar.tracking.models import Round

from .jobs import start_reports


@round_moved.register()
def report_on_publish(round_id: int, action: str, actor_id: int | None) -> None:
    if action != "publish":
        return

    def start() -> None:
        round_ = Round.objects.get(pk=round_id)
        if is_released(round_):
            actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
            start_reports(actor, round_)

    transaction.on_commit(start)
