"""Partner services and the referrals sent to them.

A referral carries a copy of the minimum data the sender chose to share, taken when it is sent:
the receiving partner reads only that copy, never the case.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from masar.core.choices import ServiceSector

from .choices import ReferralStatus, Urgency

USER = settings.AUTH_USER_MODEL


class Service(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(_("service"), max_length=200)
    sector = models.CharField(_("sector"), max_length=30, choices=ServiceSector.choices)
    governorates = models.ManyToManyField(
        "geo.AdminArea",
        related_name="+",
        limit_choices_to={"level": 1},
        verbose_name=_("governorates covered"),
    )
    districts = models.ManyToManyField(
        "geo.AdminArea",
        blank=True,
        related_name="+",
        limit_choices_to={"level": 2},
        verbose_name=_("districts covered (empty: the whole governorates)"),
    )
    eligibility = models.TextField(_("eligibility"), blank=True)
    focal_point = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    focal_point_contact = models.CharField(_("focal point contact"), max_length=120, blank=True)
    response_days = models.PositiveSmallIntegerField(_("expected response time (days)"), default=5)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sector", "name"]
        verbose_name = _("service")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class Referral(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=30, unique=True)
    household = models.ForeignKey(
        "cases.Household", on_delete=models.PROTECT, related_name="referrals"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals")
    from_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    to_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    # The governorate the service is delivered in (of the household's destination or site).
    governorate = models.ForeignKey("geo.AdminArea", on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(_("reason"))
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    shared_name = models.CharField(_("name"), max_length=250, blank=True)
    shared_phone = models.CharField(_("phone"), max_length=30, blank=True)
    shared_location = models.ForeignKey(
        "geo.Location", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    need = models.TextField(_("need"), blank=True)
    consent_override_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent_override_reason = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    status_reason = models.TextField(_("reason"), blank=True)
    service_date = models.DateField(_("service delivered on"), null=True, blank=True)
    # Bumped by every transition: a form opened on an older version is refused, not applied.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [
            # The partner inbox: an organisation's referrals by status.
            models.Index(fields=["to_organisation", "status"], name="referral_inbox"),
        ]
        verbose_name = _("referral")

    def __str__(self) -> str:
        return self.reference

    @property
    def due_at(self):
        return self.sent_at + timedelta(days=self.service.response_days)

    def is_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == ReferralStatus.SENT and now > self.due_at


class ReferralEvent(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
