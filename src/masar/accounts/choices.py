"""Roles and organisation kinds (slugs are part of the command-line and API contract)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    IM_OFFICER = "im_officer", _("IM officer")
    ENUMERATOR = "enumerator", _("Enumerator")
    CASE_WORKER = "case_worker", _("Case worker")
    CASE_SUPERVISOR = "case_supervisor", _("Case supervisor")
    PARTNER_FOCAL_POINT = "partner_focal_point", _("Partner focal point")
    GOVERNMENT_OFFICER = "government_officer", _("Government officer")
    CFM_OFFICER = "cfm_officer", _("CFM officer")
    PSEA_FOCAL_POINT = "psea_focal_point", _("PSEA focal point")


class OrganisationKind(models.TextChoices):
    UN = "un", _("UN agency")
    NGO = "ngo", _("NGO")
    GOVERNMENT = "government", _("Government")


# Roles that work on location-level data for the whole country, whatever their governorates.
NATIONAL_ROLES = frozenset({Role.ADMIN, Role.IM_OFFICER})
# Roles that may see the sensitive vulnerability flags (perceived affiliation, survivor status).
SENSITIVE_DATA_ROLES = frozenset({Role.CASE_SUPERVISOR, Role.PSEA_FOCAL_POINT})
