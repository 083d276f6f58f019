"""Master-list rounds and the population figures collected in them."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import RoundStatus


class Round(models.Model):
    """One cycle of master-list data collection, keyed by its reporting period.

    DTM's round numbers are kept as an attribute only: they are not monotonic in time (two
    periods can carry the same number), so the period is what identifies a round.
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    start_date = models.DateField(_("period start"))
    end_date = models.DateField(_("period end"))
    number = models.PositiveIntegerField(_("DTM round number"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    household_size = models.DecimalField(
        _("individuals per family"), max_digits=4, decimal_places=2, default=6
    )
    camp_household_size = models.DecimalField(
        _("individuals per family in camps"), max_digits=4, decimal_places=2, default=5
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-end_date"]
        constraints = [
            models.UniqueConstraint(fields=["start_date", "end_date"], name="round_unique_period"),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="round_period_ordered",
            ),
        ]
        verbose_name = _("round")

    def __str__(self) -> str:
        label = f"{self.start_date:%Y-%m-%d} – {self.end_date:%Y-%m-%d}"
        return f"Round {self.number} ({label})" if self.number else label
