"""Vocabularies shared by apps that sit side by side and so may not import each other.

A referral's service and a feedback ticket both name a humanitarian sector.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceSector(models.TextChoices):
    SHELTER = "shelter", _("Shelter")
    LIVELIHOODS = "livelihoods", _("Livelihoods")
    CASH = "cash", _("Cash assistance")
    HLP = "hlp", _("HLP and legal aid")
    CIVIL_DOCUMENTATION = "civil_documentation", _("Civil documentation")
    HEALTH = "health", _("Health")
    MHPSS = "mhpss", _("Mental health and psychosocial support")
    EDUCATION = "education", _("Education")
    PROTECTION = "protection", _("Protection")
    EXPLOSIVE_HAZARDS = "explosive_hazards", _("Explosive-hazard clearance")
    OTHER = "other", _("Other")
