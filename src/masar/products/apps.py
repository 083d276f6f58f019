from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    name = "masar.products"
    verbose_name = _("Published products")

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the background work)
