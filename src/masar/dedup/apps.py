from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DedupConfig(AppConfig):
    name = "masar.dedup"
    verbose_name = _("Duplicate detection")

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the background work)
