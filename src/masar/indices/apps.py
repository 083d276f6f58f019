from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicesConfig(AppConfig):
    name = "masar.indices"
    verbose_name = _("Severity indices")

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the background work)
