from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """Severity categories; "high" includes the "very high" of published findings."""

    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class IndexKind(models.TextChoices):
    RETURN = "return", _("Return Index")
    DISPLACEMENT = "displacement", _("Displacement Index")


class MethodologySource(models.TextChoices):
    SHIPPED = "shipped", _("Shipped with Masar")
    FILE = "file", _("Loaded from a file")
    ESTIMATED = "estimated", _("Weights estimated from a round")


class ValueSource(models.TextChoices):
    FORM = "form", _("Web form")
    UPLOAD = "upload", _("Upload")
    DEMO = "demo", _("Demo data")
    COLLECTED = "collected", _("Field collection")


class ResultStatus(models.TextChoices):
    SCORED = "scored", _("Scored")
    INSUFFICIENT = "insufficient", _("Too many answers missing")


class HotspotReason(models.TextChoices):
    HIGH_ON_SCALE = "high_on_scale", _("High on at least one scale")
    MEDIUM_LARGE_POPULATION = "medium_large_population", _("Medium with a large population")
