"""Tickets of the complaints and feedback mechanism and their timeline."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from masar.core.choices import ServiceSector

from .choices import (
    SENSITIVE,
    Channel,
    ContactPreference,
    Priority,
    ResponseMethod,
    Sensitivity,
    Source,
    TicketStatus,
    TicketType,
)

USER = settings.AUTH_USER_MODEL


class Ticket(models.Model):
    """One piece of feedback or complaint, from receipt to the response given back.

    The person's contact details are stored only as they chose to give them; `submitter_key`
    is a keyed hash of the public form's client address, kept only to limit bursts.
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=30, unique=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    type = models.CharField(_("type"), max_length=20, choices=TicketType.choices)
    sensitivity = models.CharField(
        _("sensitivity"), max_length=10, choices=Sensitivity.choices, default=Sensitivity.NORMAL
    )
    household = models.ForeignKey(
        "cases.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
    )
    location = models.ForeignKey(
        "geo.Location", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    governorate = models.ForeignKey(
        "geo.AdminArea",
        verbose_name=_("governorate"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    programme = models.CharField(_("programme"), max_length=80, blank=True)
    sector = models.CharField(_("sector"), max_length=30, choices=ServiceSector.choices, blank=True)
    contact_preference = models.CharField(
        _("contact preference"), max_length=12, choices=ContactPreference.choices
    )
    contact_name = models.CharField(_("name"), max_length=200, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)
    description = models.TextField(_("description"))
    language = models.CharField(_("language"), max_length=10, blank=True)
    assigned_to = models.ForeignKey(
        USER,
        verbose_name=_("assigned officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=12, choices=TicketStatus.choices, default=TicketStatus.NEW
    )
    first_action_due = models.DateTimeField(null=True, blank=True)
    first_action_at = models.DateTimeField(null=True, blank=True)
    response_due = models.DateTimeField(null=True, blank=True)
    response = models.TextField(_("response given"), blank=True)
    response_method = models.CharField(
        _("how it was given"), max_length=20, choices=ResponseMethod.choices, blank=True
    )
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    no_response_possible = models.BooleanField(default=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.STAFF)
    submitter_key = models.CharField(max_length=32, blank=True, db_index=True)
    created_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["sensitivity", "status"], name="ticket_sensitivity_status"),
            models.Index(fields=["received_at"], name="ticket_received"),
        ]
        verbose_name = _("ticket")

    def __str__(self) -> str:
        return self.reference

    @property
    def sensitive(self) -> bool:
        return self.sensitivity in SENSITIVE

    @property
    def anonymous(self) -> bool:
        return self.contact_preference == ContactPreference.ANONYMOUS

    def overdue(self, now=None) -> bool:
        now = now or timezone.now()
        if self.status not in (TicketStatus.NEW, TicketStatus.ASSIGNED, TicketStatus.IN_PROGRESS):
            return False
        if self.first_action_at is None and self.first_action_due and self.first_action_due < now:
            return True
        return bool(self.response_due and self.response_due < now)


class TicketEvent(models.Model):
    """One step in a ticket's timeline: who did what, when, from which status to which."""

    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
