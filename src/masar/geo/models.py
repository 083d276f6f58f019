"""Administrative areas (P-coded), their aliases, locations and displacement sites."""

import uuid

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .choices import AdminLevel, AliasKind, Settlement, SiteKind, SiteStatus


class LocalisedName(models.Model):
    """Names in English, Arabic and Kurdish, shown in the reader's language when known."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    name_ku = models.CharField(_("name (Kurdish)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "en")[:3]
        if language.startswith("ar") and self.name_ar:
            return self.name_ar
        if language.startswith("ckb") and (self.name_ku or self.name_ar):
            return self.name_ku or self.name_ar
        return self.name_en


class AdminArea(LocalisedName):
    pcode = models.CharField(_("P-code"), max_length=20, unique=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=AdminLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    geometry = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True)
    centroid_lat = models.FloatField(null=True, blank=True)
    centroid_lon = models.FloatField(null=True, blank=True)
    geometry_source = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["pcode"]
        # The geography browser lists the children of one area at one level.
        indexes = [models.Index(fields=["level", "parent"], name="adminarea_level_parent")]
        verbose_name = _("administrative area")

    @property
    def governorate_pcode(self) -> str | None:
        """P-codes nest (IQG15Q03N01 → IQG15): the governorate is the first five characters."""
        return self.pcode[:5] if self.level >= 1 else None


class AreaAlias(models.Model):
    """Another name or code of an area: older COD codes, DTM spellings, prefixed codes."""

    area = models.ForeignKey(AdminArea, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, db_index=True)
    kind = models.CharField(max_length=20, choices=AliasKind.choices)
    source = models.CharField(max_length=120, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "alias"], name="areaalias_unique_per_area")
        ]
        verbose_name = _("area alias")

    def __str__(self) -> str:
        return f"{self.alias} → {self.area.pcode}"


class Location(LocalisedName):
    """A village or neighbourhood, keyed by a stable external id (e.g. DTM's Place ID)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    external_id = models.CharField(_("location id"), max_length=60, unique=True)
    area = models.ForeignKey(
        AdminArea,
        on_delete=models.PROTECT,
        related_name="locations",
        verbose_name=_("administrative area"),
        help_text=_("Normally a subdistrict; a coarser area when only that is known."),
    )
    # Denormalised from `area` so that scoping by governorate is one indexed column.
    governorate = models.ForeignKey(
        AdminArea, on_delete=models.PROTECT, related_name="+", limit_choices_to={"level": 1}
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    settlement = models.CharField(
        _("urban or rural"), max_length=10, choices=Settlement.choices, default=Settlement.UNKNOWN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["external_id"]
        verbose_name = _("location")


class Site(models.Model):
    """A camp, informal site or rehabilitation centre hosting displaced households."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    external_id = models.CharField(_("site id"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=SiteKind.choices)
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="sites")
    governorate = models.ForeignKey(
        AdminArea, on_delete=models.PROTECT, related_name="+", limit_choices_to={"level": 1}
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SiteStatus.choices, default=SiteStatus.OPEN
    )
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")

    def __str__(self) -> str:
        return self.name
