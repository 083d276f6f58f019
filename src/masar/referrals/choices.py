"""Referral enumerations and the referral lifecycle table."""

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

# action: (from statuses, to status, who may do it: "receiver" or "sender", required input)
LIFECYCLE = {
    "accept": (frozenset({R.SENT}), R.ACCEPTED, "receiver", None),
    "decline": (frozenset({R.SENT}), R.DECLINED, "receiver", "reason"),
    "start": (frozenset({R.ACCEPTED}), R.IN_PROGRESS, "receiver", None),
    "complete": (frozenset({R.ACCEPTED, R.IN_PROGRESS}), R.COMPLETED, "receiver", "outcome"),
    "close_without_service": (
        frozenset({R.ACCEPTED, R.IN_PROGRESS}),
        R.CLOSED_NO_SERVICE,
        "receiver",
        "reason",
    ),
    "withdraw": (frozenset(OPEN_STATUSES), R.WITHDRAWN, "sender", "reason"),
}
ACTION_LABELS = {
    "accept": _("Accept"),
    "decline": _("Decline"),
    "start": _("Start service"),
    "complete": _("Record service delivered"),
    "close_without_service": _("Close without service"),
    "withdraw": _("Withdraw referral"),
}
