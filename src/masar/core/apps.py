from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "masar.core"
    verbose_name = _("Shared infrastructure")

    def ready(self) -> None:
        from .hooks import discover_listeners

        # Each app registers its listeners to other apps' hooks in its own `listeners.py`.
        discover_listeners()
