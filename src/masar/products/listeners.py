"""What the products do when another app acts: print a round's reports once it is published.

Tracking publishes no hook for a round's transitions; every transition writes one
`RoundEvent` (tracking.events.round_moved) in the workflow's transaction, so its creation is
the moment (a `tracking.round_moved` hook called there would say it more plainly). The job is
queued once that transaction commits (a rolled-back publication starts nothing), and only for a
round released then: an embargoed round is printed on request once its embargo lifts (the
reports page offers it to tracking managers).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from masar.tracking.access import is_released
from masar.tracking.models import Round, RoundEvent

from .jobs import start_reports


@receiver(post_save, sender=RoundEvent, dispatch_uid="products.report_on_publish")
def report_on_publish(sender, instance: RoundEvent, created: bool, **kwargs) -> None:
    if not created or instance.action != "publish":
        return
    round_id, actor_id = instance.round_id, instance.actor_id

    def start() -> None:
        round_ = Round.objects.get(pk=round_id)
        if is_released(round_):
            start_reports(get_user_model().objects.filter(pk=actor_id).first(), round_)

    transaction.on_commit(start)
