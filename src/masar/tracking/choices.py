from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    VALIDATED = "validated", _("Validated")
    PUBLISHED = "published", _("Published")


class PopulationType(models.TextChoices):
    IDP = "idp", _("IDPs")
    RETURNEE = "returnee", _("Returnees")
