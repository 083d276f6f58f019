from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    name = "masar.tracking"
    verbose_name = _("Displacement tracking")

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the background work)
