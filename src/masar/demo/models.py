from django.db import models


class GeneratedStep(models.Model):
    """A demo-data step already run on this instance, so re-running never duplicates data."""

    name = models.CharField(max_length=80, unique=True)
    seed = models.IntegerField()
    scale = models.CharField(max_length=20)
    summary = models.JSONField(default=dict)
    done_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name
