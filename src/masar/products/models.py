"""The release log: which files were published for a round, by whom, when, with checksums.

A release never changes once written: a correction is a new release of the same round that
supersedes the last one and says what changed.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImmutableError(Exception):
    """A published release (or one of its files) cannot be changed or deleted."""


class ImmutableQuerySet(models.QuerySet):
    """Bulk changes are refused like single ones (`update` and `delete` skip `save`)."""

    def update(self, **kwargs):
        raise ImmutableError("published releases are never changed: make a new release")

    def delete(self):
        raise ImmutableError("published releases are never deleted")


class Immutable(models.Model):
    """Rows written once: saving an existing row, deleting one, or updating or deleting them in
    bulk is refused."""

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and type(self).objects.filter(pk=self.pk).exists():
            raise ImmutableError(
                f"{self._meta.verbose_name} {self.pk} is published: make a new one"
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError(f"{self._meta.verbose_name} {self.pk} is published: it stays")


class Release(Immutable):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey("tracking.Round", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("release number"))
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    note = models.TextField(_("what changed"), blank=True)
    # What a correction changed, computed: the files added, removed or changed since the release
    # it supersedes.
    changes = models.JSONField(default=dict, blank=True)
    folder = models.CharField(max_length=500)
    threshold = models.PositiveIntegerField(_("suppression threshold"))
    # The true counts of the protected tables and which entries were withheld, kept so that a
    # correction withholds at least the same entries (never published: see products.suppression).
    protection = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="release_unique_number")
        ]
        verbose_name = _("release")

    def __str__(self) -> str:
        return f"{self.round} · release {self.number}"


class ReleaseFile(Immutable):
    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="files")
    name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["release", "name"]
        constraints = [
            models.UniqueConstraint(fields=["release", "name"], name="releasefile_unique_name")
        ]
        verbose_name = _("release file")

    def __str__(self) -> str:
        return f"{self.name} ({self.sha256[:12]})"


class RoundReport(models.Model):
    """The PDF report of a released round in one language, kept with the round.

    Not a release: a report is regenerated on request (the figures of a round can be corrected
    and indices recomputed), so the row is replaced, with the new file's checksum.
    """

    round = models.ForeignKey("tracking.Round", on_delete=models.PROTECT, related_name="+")
    language = models.CharField(_("language"), max_length=10)
    path = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    generated_at = models.DateTimeField(_("generated at"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["round", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "language"], name="roundreport_unique_language"
            )
        ]
        verbose_name = _("round report")

    def __str__(self) -> str:
        return f"{self.round} · {self.language}"
