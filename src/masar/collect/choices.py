"""Vocabularies of field collection (slugs are stored and part of the API contract)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionStatus(models.TextChoices):
    """Where a raw submission stands on its way to the records it describes."""

    RECEIVED = "received", _("Received")
    APPLIED = "applied", _("Applied")
    WAITING = "waiting", _("Waiting for review")
    REJECTED = "rejected", _("Rejected")


class SubmissionSource(models.TextChoices):
    """The door a submission came through."""

    OPENROSA = "openrosa", _("ODK Collect / OpenRosa")
    WEB = "web", _("Web form")
    KOBO = "kobo", _("KoBoToolbox pull")
    CENTRAL = "central", _("ODK Central pull")


class PayloadFormat(models.TextChoices):
    """How the raw submission is written: an XForm instance, or a pulled JSON record."""

    XML = "xml", _("XForm instance (XML)")
    JSON = "json", _("JSON record")


class PullKind(models.TextChoices):
    """The server a pull reads from."""

    KOBO = "kobo", _("KoBoToolbox")
    CENTRAL = "central", _("ODK Central")


class PullStatus(models.TextChoices):
    """Where the latest pull of a source stands; "queued" and "running" refuse another."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
