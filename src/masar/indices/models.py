"""Methodology versions, key-informant answers, and the index results computed from them."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import engine
from .choices import (
    Category,
    HotspotReason,
    IndexKind,
    MethodologySource,
    ResultStatus,
    ValueSource,
)


class Methodology(models.Model):
    """One immutable version of an index methodology; a change is a new version.

    Results record the version they were computed with, and versions are never compared.
    """

    name = models.SlugField(_("name"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("index"), max_length=20, choices=IndexKind.choices)
    title = models.CharField(_("title"), max_length=200)
    definition = models.JSONField(_("definition"))
    checksum = models.CharField(max_length=64)
    diagnostics = models.JSONField(_("estimation diagnostics"), default=dict, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=MethodologySource.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="methodology_unique_version")
        ]
        verbose_name = _("methodology")
        verbose_name_plural = _("methodologies")

    def __str__(self) -> str:
        return self.key

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A methodology version is immutable: register a new version instead.")
        super().save(*args, **kwargs)

    @property
    def key(self) -> str:
        return f"{self.name}@{self.version}"

    @cached_property
    def engine(self) -> engine.Methodology:
        # A version is immutable and named by its checksum, so its parse is kept for the
        # process: applying thousands of collected forms would otherwise parse it for each.
        if self.pk is None or not self.checksum:
            return engine.parse_methodology(self.definition)
        parsed = _PARSED.get(self.checksum)
        if parsed is None:
            parsed = _PARSED[self.checksum] = engine.parse_methodology(self.definition)
        return parsed


_PARSED: dict[str, engine.Methodology] = {}


class IndicatorValue(models.Model):
    """One key-informant answer: round × location × indicator of one index family."""

    round = models.ForeignKey("tracking.Round", on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(
        "geo.Location", on_delete=models.PROTECT, related_name="indicator_values"
    )
    index = models.CharField(_("index"), max_length=60, help_text=_("Methodology name."))
    indicator = models.CharField(_("indicator"), max_length=60)
    value = models.FloatField(_("answer code"))
    source = models.CharField(max_length=10, choices=ValueSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "index", "location", "indicator"],
                name="indicatorvalue_unique_answer",
            )
        ]
        verbose_name = _("indicator value")


class IndexResult(models.Model):
    """A location's scores in one round by one methodology version."""

    round = models.ForeignKey("tracking.Round", on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(
        "geo.Location", on_delete=models.PROTECT, related_name="index_results"
    )
    methodology = models.ForeignKey(Methodology, on_delete=models.PROTECT, related_name="results")
    scale_scores = models.JSONField(_("scale or domain scores"), default=dict)
    score = models.FloatField(_("score"), null=True)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices, blank=True)
    very_high = models.BooleanField(_("very high"), default=False)
    population = models.PositiveIntegerField(_("individuals"), null=True)
    answered = models.PositiveSmallIntegerField(_("indicators answered"), default=0)
    status = models.CharField(max_length=15, choices=ResultStatus.choices)
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["methodology", "round", "location"], name="indexresult_unique"
            )
        ]
        indexes = [
            # severity.latest_return_index: a location's results, newest round first.
            models.Index(fields=["location", "round"], name="indexresult_location_round"),
        ]
        verbose_name = _("index result")


class Hotspot(models.Model):
    """A subdistrict flagged by the methodology's hotspot rule in one round."""

    round = models.ForeignKey("tracking.Round", on_delete=models.PROTECT, related_name="+")
    subdistrict = models.ForeignKey("geo.AdminArea", on_delete=models.PROTECT, related_name="+")
    methodology = models.ForeignKey(Methodology, on_delete=models.PROTECT, related_name="hotspots")
    scale_scores = models.JSONField(default=dict)
    population = models.PositiveIntegerField(default=0)
    locations = models.PositiveIntegerField(default=0)
    reason = models.CharField(max_length=30, choices=HotspotReason.choices)
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["methodology", "round", "subdistrict"], name="hotspot_unique"
            )
        ]
        verbose_name = _("hotspot")
