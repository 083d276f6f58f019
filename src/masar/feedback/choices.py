"""Complaints and feedback enumerations, and the ticket lifecycle table."""

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


SENSITIVE = frozenset({Sensitivity.SEA, Sensitivity.FRAUD, Sensitivity.SAFETY})


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

# action: (from statuses, to status, required input)
LIFECYCLE = {
    "assign": (frozenset({T.NEW, T.ASSIGNED, T.IN_PROGRESS}), T.ASSIGNED, "assignee"),
    "start": (frozenset({T.NEW, T.ASSIGNED}), T.IN_PROGRESS, None),
    "respond": (frozenset(OPEN_STATUSES), T.RESPONDED, "response"),
    "close": (frozenset({T.RESPONDED}), T.CLOSED, None),
    # An anonymous ticket with no way to respond closes without a response, recorded as such.
    "close_unanswerable": (frozenset(OPEN_STATUSES), T.CLOSED, "reason"),
    "reopen": (frozenset({T.RESPONDED, T.CLOSED}), T.IN_PROGRESS, "reason"),
}
ACTION_LABELS = {
    "assign": _("Assign"),
    "start": _("Start work"),
    "respond": _("Record the response given"),
    "close": _("Close"),
    "close_unanswerable": _("Close: anonymous, no way to respond"),
    "reopen": _("Reopen"),
}
