"""Writes for field collection: device credentials, and storing a submission raw.

A submission is stored as it came, status "received", before anything reads its answers; the
step that applies it to records works from the stored copy.
"""

from __future__ import annotations

import hashlib
import secrets
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from . import access, queries
from .choices import SubmissionSource
from .models import CollectionCredential, Submission, SubmissionAttachment


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@transaction.atomic
def create_credential(user, label: str) -> tuple[CollectionCredential, str]:
    """A new credential for one of `user`'s devices, and its secret: shown once, never stored."""
    secret = secrets.token_urlsafe(18)
    credential = CollectionCredential.objects.create(
        user=user, label=label.strip()[:100], secret_hash=_digest(secret.encode())
    )
    return credential, secret


@transaction.atomic
def revoke_credential(credential: CollectionCredential) -> CollectionCredential:
    if credential.revoked_at is None:
        credential.revoked_at = timezone.now()
        credential.save(update_fields=["revoked_at"])
    return credential


def authenticate_device(username: str, secret: str) -> CollectionCredential | None:
    """The live credential of this user with this secret, or None. Inactive users and revoked
    credentials are refused alike."""
    credential = (
        CollectionCredential.objects.select_related("user")
        .filter(secret_hash=_digest(secret.encode()), revoked_at__isnull=True)
        .first()
    )
    if credential is None or not credential.user.is_active:
        return None
    if not secrets.compare_digest(credential.user.get_username().encode(), username.encode()):
        return None
    CollectionCredential.objects.filter(pk=credential.pk).update(last_used_at=timezone.now())
    return credential


class SubmissionRefused(Exception):
    """A submission that is not stored; `status` is the HTTP answer the OpenRosa view gives."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Receipt:
    submission: Submission
    created: bool
    attachments_added: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Envelope:
    """What the root and meta block of a submission's XML say about it."""

    form_id: str
    form_version: str
    instance_id: str
    deprecated_id: str


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_envelope(xml: bytes) -> Envelope:
    """The form ID and version (root attributes) and the instanceID/deprecatedID of the meta
    block (in the OpenRosa namespace or none). Raises SubmissionRefused(400) when unreadable."""
    if b"<!DOCTYPE" in xml.upper():
        # A submission never needs a DTD, and entity declarations are how XML bombs start.
        raise SubmissionRefused(400, "The submission may not declare a document type.")
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise SubmissionRefused(400, f"The submission is not well-formed XML ({exc}).") from exc
    form_id = root.get("id", "").strip()
    meta = {
        _local(child.tag): (child.text or "").strip()
        for block in root
        if _local(block.tag) == "meta"
        for child in block
    }
    instance_id = meta.get("instanceID", "")
    if not form_id or not instance_id:
        raise SubmissionRefused(400, "The submission names no form ID or no meta/instanceID.")
    return Envelope(
        form_id, root.get("version", "").strip(), instance_id, meta.get("deprecatedID", "")
    )


def receive_submission(
    user,
    xml: bytes,
    attachments: list[UploadedFile],
    *,
    credential: CollectionCredential | None = None,
) -> Receipt:
    """Store a submission (and its attachments) raw, once per instanceID.

    The same instanceID again is not stored twice: ODK Collect retries on a flaky link, and sends
    a submission with many attachments in several posts, so only the attachments not yet held
    are added. Another body under a known instanceID is refused (409). An edit names the
    submission it corrects in deprecatedID and is linked to it. Nothing is written on a refusal.
    """
    envelope = read_envelope(xml)
    form = queries.questionnaire(envelope.form_id)
    if form is None:
        raise SubmissionRefused(404, f"No form with the ID {envelope.form_id!r} is served here.")
    if not access.may_fill(user, form.name):
        raise SubmissionRefused(403, "You may not submit this form.")
    limit = settings.COLLECT_MAX_ATTACHMENT_BYTES
    for upload in attachments:
        if upload.size is not None and upload.size > limit:
            raise SubmissionRefused(413, f"An attachment is larger than {limit} bytes.")
    text = xml.decode("utf-8")
    checksum = _digest(xml)
    with transaction.atomic():
        existing = (
            Submission.objects.select_for_update().filter(instance_id=envelope.instance_id).first()
        )
        if existing is not None:
            if existing.checksum != checksum:
                raise SubmissionRefused(
                    409, "Another submission with this instanceID was already received."
                )
            added = _attach(existing, attachments)
            return Receipt(existing, created=False, attachments_added=added)
        supersedes = (
            Submission.objects.filter(instance_id=envelope.deprecated_id).first()
            if envelope.deprecated_id
            else None
        )
        try:
            with transaction.atomic():
                submission = Submission.objects.create(
                    form_id=envelope.form_id,
                    form_version=envelope.form_version,
                    instance_id=envelope.instance_id,
                    deprecated_id=envelope.deprecated_id,
                    supersedes=supersedes,
                    xml=text,
                    checksum=checksum,
                    source=SubmissionSource.OPENROSA,
                    submitted_by=user,
                    credential=credential,
                )
        except IntegrityError:
            # The same instanceID arrived on another connection at the same moment.
            raced = Submission.objects.get(instance_id=envelope.instance_id)
            if raced.checksum != checksum:
                raise SubmissionRefused(
                    409, "Another submission with this instanceID was already received."
                ) from None
            return Receipt(raced, created=False, attachments_added=_attach(raced, attachments))
        added = _attach(submission, attachments)
    return Receipt(submission, created=True, attachments_added=added)


def _attach(submission: Submission, uploads: list[UploadedFile]) -> list[str]:
    held = set(submission.attachments.values_list("name", flat=True))
    added = []
    for upload in uploads:
        name = get_valid_filename(upload.name or "attachment")[:200]
        if name in held:
            continue
        hasher = hashlib.sha256()
        for chunk in upload.chunks():
            hasher.update(chunk)
        upload.seek(0)
        SubmissionAttachment.objects.create(
            submission=submission,
            name=name,
            file=_named(upload, name),
            content_type=(upload.content_type or "")[:100],
            size=upload.size or 0,
            checksum=hasher.hexdigest(),
        )
        held.add(name)
        added.append(name)
    return added


def _named(upload: UploadedFile, name: str) -> UploadedFile:
    upload.name = name
    return upload
