"""Master-list rounds and the population figures collected in them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import (
    EmergencyCause,
    EmergencyPublication,
    EmergencyStatus,
    ImportKind,
    ImportOutcome,
    Period,
    PopulationType,
    RoundStatus,
    Shelter,
)


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
    # Published but held back from everyone outside the IM unit before this day (see access).
    embargo_until = models.DateField(_("embargoed until"), null=True, blank=True)
    # Bumped by every transition: a form opened on an older version is refused, not applied.
    version = models.PositiveIntegerField(default=1)
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


class RoundEvent(models.Model):
    """One step of a round's status: who validated, published or reopened it, when, and why."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=12, choices=RoundStatus.choices)
    to_status = models.CharField(max_length=12, choices=RoundStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]


class WarningAcknowledgement(models.Model):
    """An IM officer's word that a plausibility warning of an import was checked and the
    figures stand: which warning (its place in the batch's report), who, when and why."""

    batch = models.ForeignKey(
        "ImportBatch", on_delete=models.PROTECT, related_name="acknowledgements"
    )
    index = models.PositiveIntegerField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "index"], name="acknowledgement_once")
        ]


class ImportBatch(models.Model):
    """One uploaded file and what became of it: kept with its checksum and the full report."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=12, choices=ImportKind.choices)
    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, null=True, blank=True, related_name="imports"
    )
    filename = models.CharField(max_length=255)
    stored_path = models.CharField(max_length=500, blank=True)
    checksum = models.CharField(max_length=64, db_index=True)
    layout = models.CharField(max_length=60, blank=True)
    population_type = models.CharField(max_length=10, blank=True)
    outcome = models.CharField(max_length=10, choices=ImportOutcome.choices)
    report = models.JSONField(default=dict)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # The same file is imported into the same round once.
            models.UniqueConstraint(
                fields=["round", "checksum"],
                condition=models.Q(outcome="imported"),
                name="importbatch_once_per_round",
            )
        ]


class Figure(models.Model):
    """The fact table: round × location × population × origin × period × shelter → counts.

    Every total shown anywhere is a sum over these rows, so totals always agree.
    """

    # The composite indexes below lead with round and with location, so their own foreign-key
    # indexes would only slow down imports; origin is never looked up alone.
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="figures", db_index=False
    )
    location = models.ForeignKey(
        "geo.Location", on_delete=models.PROTECT, related_name="figures", db_index=False
    )
    population_type = models.CharField(max_length=10, choices=PopulationType.choices)
    origin = models.ForeignKey(
        "geo.AdminArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    period = models.CharField(max_length=16, choices=Period.choices, blank=True)
    shelter = models.CharField(max_length=20, choices=Shelter.choices)
    families = models.PositiveIntegerField()
    individuals = models.PositiveIntegerField()
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="figures"
    )

    class Meta:
        indexes = [
            # Round totals by population type, and a location's history across rounds.
            models.Index(fields=["round", "population_type"], name="figure_round_population"),
            models.Index(fields=["location", "round"], name="figure_location_round"),
        ]


class AreaFigure(models.Model):
    """Admin-level figures for sources that publish no location-level data (e.g. DTM's API)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="area_figures")
    area = models.ForeignKey("geo.AdminArea", on_delete=models.PROTECT, related_name="+")
    population_type = models.CharField(max_length=10, choices=PopulationType.choices)
    individuals = models.PositiveIntegerField()
    families = models.PositiveIntegerField(null=True, blank=True)
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="area_figures"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "area", "population_type"], name="areafigure_unique"
            )
        ]


class EmergencyEvent(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    cause = models.CharField(_("cause"), max_length=20, choices=EmergencyCause.choices)
    start_date = models.DateField(_("start date"))
    status = models.CharField(
        _("status"), max_length=10, choices=EmergencyStatus.choices, default=EmergencyStatus.ACTIVE
    )
    description = models.TextField(_("description"), blank=True)
    publication = models.CharField(
        _("publication"),
        max_length=10,
        choices=EmergencyPublication.choices,
        default=EmergencyPublication.INTERNAL,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Touched by every new or corrected update too: the public pages' cache reads it.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "-id"]

    def __str__(self) -> str:
        return self.name


class EmergencyUpdate(models.Model):
    """Families and individuals displaced, and returned, at a location since the last update."""

    event = models.ForeignKey(EmergencyEvent, on_delete=models.CASCADE, related_name="updates")
    location = models.ForeignKey("geo.Location", on_delete=models.PROTECT, related_name="+")
    reported_on = models.DateField(_("date"))
    families_displaced = models.PositiveIntegerField(default=0)
    individuals_displaced = models.PositiveIntegerField(default=0)
    families_returned = models.PositiveIntegerField(default=0)
    individuals_returned = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["reported_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "location", "reported_on"], name="emergencyupdate_unique"
            )
        ]
