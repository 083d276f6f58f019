from django.db import models
from django.utils.translation import gettext_lazy as _


class AdminLevel(models.IntegerChoices):
    COUNTRY = 0, _("Country")
    GOVERNORATE = 1, _("Governorate")
    DISTRICT = 2, _("District")
    SUBDISTRICT = 3, _("Subdistrict")


class AliasKind(models.TextChoices):
    CODE = "code", _("Other code")
    CODE_2014 = "code_2014", _("2014 COD code")
    SPELLING = "spelling", _("Other spelling")


class Settlement(models.TextChoices):
    URBAN = "urban", _("Urban")
    RURAL = "rural", _("Rural")
    UNKNOWN = "unknown", _("Unknown")


class SiteKind(models.TextChoices):
    CAMP = "camp", _("Camp")
    INFORMAL = "informal", _("Informal site")
    REHABILITATION = "rehabilitation", _("Rehabilitation centre")


class SiteStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
