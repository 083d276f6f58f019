from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "masar.accounts"
    verbose_name = _("Organisations and access")

    def ready(self) -> None:
        # Connects the sign-in receivers of the security log.
        from . import security_log  # noqa: F401
