from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "masar.web"
    verbose_name = _("Web interface")

    def ready(self) -> None:
        from masar.lib.discovery import import_app_modules

        from . import checks  # noqa: F401  (registers the system checks)

        # Each app declares its menu entries in its own `nav.py`.
        import_app_modules("nav")
