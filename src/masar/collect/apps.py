from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectConfig(AppConfig):
    name = "masar.collect"
    verbose_name = _("Field collection")

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the background work)
