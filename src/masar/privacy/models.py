"""What retention did: one row per record it anonymised, so a second run skips it."""

from django.db import models


class Anonymisation(models.Model):
    """A record whose personal data retention removed (names, phones, ID numbers, free text).

    Kept apart from the records themselves so that every app's schema stays its own and the
    report of what was removed is itself free of personal data.
    """

    record_type = models.CharField(max_length=40)
    record_uid = models.UUIDField()
    reason = models.CharField(max_length=40)
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_uid"], name="anonymisation_once_per_record"
            )
        ]
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.record_type} {self.record_uid} anonymised ({self.reason})"
