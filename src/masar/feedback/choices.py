"""Complaints and feedback enumerations (the lifecycle's transitions are in `workflow.py`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    HOTLINE = "hotline", _("Hotline / call centre")
    HELP_DESK = "help_desk", _("Help desk")
    COMPLAINT_BOX = "complaint_box", _("Complaint box")
    EMAIL = "email", _("Email")
    IN_PERSON = "in_person", _("In person")
    COMMUNITY_MEETING = "community_meeting", _("Community meeting")
    SOCIAL_MEDIA = "social_media", _("Social media")
    WEB_FORM = "web_form", _("Public web form")


class TicketType(models.TextChoices):
    INFORMATION = "information", _("Request for information")
    ASSISTANCE = "assistance", _("Request for assistance")
    SERVICE_COMPLAINT = "service_complaint", _("Complaint about a service")
    STAFF_COMPLAINT = "staff_complaint", _("Complaint about staff conduct")
    POSITIVE = "positive", _("Positive feedback")
    SUGGESTION = "suggestion", _("Suggestion")


class Sensitivity(models.TextChoices):
    NORMAL = "normal", _("Normal")
    SEA = "sea", _("Sexual exploitation and abuse")
    FRAUD = "fraud", _("Fraud or corruption")
    SAFETY = "safety", _("Threat to safety")
    # A ticket of a type listed in CFM_SENSITIVE_TYPES (e.g. a complaint about staff conduct)
    # arrives sensitive before anyone has read it; a PSEA focal point classifies it.
    SCREENING = "screening", _("Sensitive by type, to be screened")


SENSITIVE = frozenset(
    {Sensitivity.SEA, Sensitivity.FRAUD, Sensitivity.SAFETY, Sensitivity.SCREENING}
)


class ContactPreference(models.TextChoices):
    PHONE = "phone", _("Phone call")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")
    IN_PERSON = "in_person", _("In person")
    ANONYMOUS = "anonymous", _("Anonymous: no contact")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class TicketStatus(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    RESPONDED = "responded", _("Responded")
    CLOSED = "closed", _("Closed")


class ResponseMethod(models.TextChoices):
    PHONE = "phone", _("Phone call")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")
    IN_PERSON = "in_person", _("In person")
    LETTER = "letter", _("Letter")
    COMMUNITY_MEETING = "community_meeting", _("Community meeting")
    NOTICE_BOARD = "notice_board", _("Notice board")


class Source(models.TextChoices):
    STAFF = "staff", _("Staff")
    PUBLIC = "public", _("Public form")
    API = "api", _("API")


T = TicketStatus
OPEN_STATUSES = frozenset({T.NEW, T.ASSIGNED, T.IN_PROGRESS})
