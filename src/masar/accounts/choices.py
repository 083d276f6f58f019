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
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("Data protection officer")


class OrganisationKind(models.TextChoices):
    UN = "un", _("UN agency")
    NGO = "ngo", _("NGO")
    GOVERNMENT = "government", _("Government")


# The role sets, each defined here once. Every access module and workflow table uses these.

# Roles that work on location-level data for the whole country, whatever their governorates.
NATIONAL_ROLES = frozenset({Role.ADMIN, Role.IM_OFFICER})
# Roles that may see the sensitive vulnerability flags (perceived affiliation, survivor status).
SENSITIVE_DATA_ROLES = frozenset({Role.CASE_SUPERVISOR, Role.PSEA_FOCAL_POINT})
# Roles that work on their organisation's cases in their governorates.
CASE_ROLES = frozenset({Role.CASE_WORKER, Role.CASE_SUPERVISOR})
# Case roles plus administrators, who act on every case.
CASE_ACTORS = CASE_ROLES | {Role.ADMIN}
# Who approves exceptions on a case: a severe destination, closing after an at-risk survey.
SUPERVISORS = frozenset({Role.CASE_SUPERVISOR, Role.ADMIN})
# Who records the authorities' decisions and registrations: clearance, arrival.
AUTHORITIES = frozenset({Role.GOVERNMENT_OFFICER})
# Who imports, validates and publishes tracking rounds and computes indices.
TRACKING_MANAGERS = frozenset({Role.IM_OFFICER, Role.ADMIN})
# Who enters location assessments.
ASSESSORS = frozenset({Role.ENUMERATOR, Role.IM_OFFICER, Role.ADMIN})
# Who records feedback tickets and moves them along.
TICKET_HANDLERS = frozenset({Role.CFM_OFFICER, Role.PSEA_FOCAL_POINT, Role.ADMIN})
# Who receives referrals for their organisation.
RECEIVERS = frozenset({Role.PARTNER_FOCAL_POINT})
# Who reads the access log and the change history of personal records. The data protection
# officer gets no case or ticket content through this role: only who read or changed what.
AUDITORS = frozenset({Role.DATA_PROTECTION_OFFICER, Role.ADMIN})
