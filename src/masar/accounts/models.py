"""Organisations, memberships (user × organisation × role × governorates) and the access log."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import OrganisationKind, Role


class Organisation(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self) -> str:
        return self.acronym or self.name


class Membership(models.Model):
    """A user's role in one organisation, limited to some governorates (none means all)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    governorates = models.ManyToManyField(
        "geo.AdminArea",
        blank=True,
        related_name="+",
        limit_choices_to={"level": 1},
        verbose_name=_("governorates in scope"),
        help_text=_("Leave empty for every governorate."),
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]
        verbose_name = _("membership")

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.role}"


class AccessLog(models.Model):
    """One read of a personal record: who, what, when. Written by each app's access helpers."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    record_type = models.CharField(max_length=60)
    record_uid = models.UUIDField()
    action = models.CharField(max_length=20, default="view")
    via = models.CharField(max_length=20, default="page")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        # Needed by "who read this record" lookups on a case's history page.
        indexes = [models.Index(fields=["record_type", "record_uid"], name="accesslog_record")]
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.record_type} {self.record_uid} read at {self.at:%Y-%m-%d %H:%M}"
