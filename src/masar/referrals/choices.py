"""Referral enumerations (the lifecycle's transitions are in `workflow.py`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    EMERGENCY = "emergency", _("Emergency")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CLOSED_NO_SERVICE = "closed_no_service", _("Closed without service")
    WITHDRAWN = "withdrawn", _("Withdrawn")


R = ReferralStatus
OPEN_STATUSES = frozenset({R.SENT, R.ACCEPTED, R.IN_PROGRESS})
