"""Organisations, memberships (user × organisation × role × governorates) and the access log."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
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


class AppendOnly(Exception):
    """Raised when code tries to change or remove an access-log row."""


class AccessLogQuerySet(models.QuerySet):
    """Refuses bulk updates and deletes: the log only grows."""

    def update(self, **kwargs):
        raise AppendOnly("The access log is append-only.")

    def delete(self):
        raise AppendOnly("The access log is append-only.")


class AccessLog(models.Model):
    """One read of a personal record: who, what, when. Written by each app's access helpers.

    Rows are chained: each carries the SHA-256 of its own content and of the previous row's
    hash (`masar.accounts.access_chain`), so an edited, removed or inserted row breaks the chain
    and `masar verify_access_log` names the first row that no longer fits.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    record_type = models.CharField(max_length=60)
    record_uid = models.UUIDField()
    action = models.CharField(max_length=20, default="view")
    via = models.CharField(max_length=20, default="page")
    # Set by the writer, not on save, because the time is part of the row's hash.
    at = models.DateTimeField(default=timezone.now, db_index=True)
    prev_hash = models.CharField(max_length=64, default="")
    hash = models.CharField(max_length=64, default="")

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        # Needed by "who read this record" lookups on a case's history page.
        indexes = [models.Index(fields=["record_type", "record_uid"], name="accesslog_record")]
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.record_type} {self.record_uid} read at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("The access log is append-only.")


class AccessLogHead(models.Model):
    """The chain's tip: the hash and count of the last row appended.

    Writers lock this one row while appending, so two requests never chain onto the same
    predecessor, and the verifier can tell a log whose newest rows were removed.
    """

    last_hash = models.CharField(max_length=64, default="")
    rows = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"access log head after {self.rows} rows"
