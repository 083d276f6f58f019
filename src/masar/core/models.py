"""Data that belongs to no single app."""

from django.db import models


class NumberCounter(models.Model):
    """The last number issued per programme and year, for the human-friendly references of
    cases (FVM-) and referrals (REF-); they are not ids. Feedback tickets take random
    references instead (see `masar.core.numbering`)."""

    programme = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="numbercounter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.programme}-{self.year}: {self.last}"
