"""Device credentials for ODK Collect, and every submission kept raw as it arrived.

A submission is stored before anything is done with it, so that applying it to records (a later
step) can fail, wait for review and be retried without the field data ever being lost.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import PayloadFormat, PullKind, PullStatus, SubmissionSource, SubmissionStatus


class CollectionCredential(models.Model):
    """A secret for one device (a phone or tablet) of one user, instead of the staff password.

    Only a SHA-256 of the secret is kept: the secret is long and random, so a slow password hash
    would add nothing but latency to every submission. Revoking one lost phone leaves the user's
    other devices and password untouched.
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collection_credentials"
    )
    label = models.CharField(_("device"), max_length=100)
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("collection credential")

    def __str__(self) -> str:
        return f"{self.user} · {self.label}"


def attachment_path(instance: SubmissionAttachment, filename: str) -> str:
    return f"collect/{instance.submission.uid}/{filename}"


class Submission(models.Model):
    """One filled form exactly as received; `instance_id` is its identity across retries."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    form_id = models.CharField(_("form"), max_length=100, db_index=True)
    form_version = models.CharField(_("form version"), max_length=60, blank=True)
    instance_id = models.CharField(_("instance id"), max_length=100, unique=True)
    deprecated_id = models.CharField(_("replaces instance"), max_length=100, blank=True)
    # The earlier submission this edit corrects, when it was received here.
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    # The body as received: an XForm instance, or the JSON record a pull returned.
    xml = models.TextField()
    payload_format = models.CharField(
        max_length=4, choices=PayloadFormat.choices, default=PayloadFormat.XML
    )
    checksum = models.CharField(max_length=64)
    source = models.CharField(max_length=20, choices=SubmissionSource.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    credential = models.ForeignKey(
        CollectionCredential, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(
        max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.RECEIVED
    )
    # Why a rejected submission was rejected, in the reviewer's words.
    reason = models.TextField(_("reason"), blank=True)
    # Why it waits: a code of `applying.PROBLEMS` and its particulars, shown in the language of
    # whoever reads the inbox rather than frozen in the language of whoever sent it.
    problem = models.CharField(_("problem"), max_length=40, blank=True)
    problem_detail = models.JSONField(default=dict, blank=True)
    # A reviewer's fixes, answer name -> value, laid over the raw answers (which stay as sent).
    corrections = models.JSONField(default=dict, blank=True)
    # Where the submission is about, once known: it decides which reviewers see it.
    governorate = models.ForeignKey(
        "geo.AdminArea", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    attempts = models.PositiveIntegerField(default=0)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            # The apply step's worklist: what is still to do, oldest first.
            models.Index(fields=["status", "received_at"], name="submission_status"),
        ]
        verbose_name = _("submission")

    def __str__(self) -> str:
        return f"{self.form_id} {self.instance_id}"


class SubmissionAttachment(models.Model):
    """A file sent with a submission (a photo, a signature), under MEDIA_ROOT/collect/."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(max_length=255)
    file = models.FileField(upload_to=attachment_path, max_length=400)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField()
    checksum = models.CharField(max_length=64)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "name"], name="attachment_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class SubmissionLink(models.Model):
    """A record that applying a submission wrote: the way back from a household, a follow-up or
    a round's answers to the field data they came from."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="links")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    # What the record is to the submission, e.g. "answers of round 133" for a location.
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="submission_link_record")
        ]

    def __str__(self) -> str:
        return f"{self.submission} → {self.content_type.model} {self.object_id}"


class PullSource(models.Model):
    """A form on KoBoToolbox or ODK Central whose submissions are pulled into a questionnaire.

    The cursor (time and id of the last record applied) is what makes a pull incremental and an
    interrupted one resume: it moves only after a page is committed. The secret is kept
    encrypted, or only the name of the environment variable that holds it.
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("server"), max_length=10, choices=PullKind.choices)
    base_url = models.URLField(_("server URL"))
    remote_form = models.CharField(_("remote form"), max_length=100)
    project = models.PositiveIntegerField(_("Central project"), null=True, blank=True)
    form_id = models.CharField(_("questionnaire"), max_length=100)
    username = models.CharField(_("user name"), max_length=150, blank=True)
    secret_sealed = models.TextField(blank=True)
    secret_env = models.CharField(_("secret from variable"), max_length=100, blank=True)
    cursor_time = models.CharField(max_length=40, blank=True)
    cursor_id = models.CharField(max_length=100, blank=True)
    last_status = models.CharField(
        _("last run"), max_length=10, blank=True, choices=PullStatus.choices
    )
    last_error = models.TextField(blank=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    last_counts = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("pull source")

    def __str__(self) -> str:
        return self.name
