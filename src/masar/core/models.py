"""Data that belongs to no single app."""

from django.db import models


class NumberCounter(models.Model):
    """The last number issued per programme and year, for the human-friendly references of
    cases (FVM-), referrals (REF-) and feedback tickets (CFM-); they are not ids."""

    programme = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="numbercounter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.programme}-{self.year}: {self.last}"
