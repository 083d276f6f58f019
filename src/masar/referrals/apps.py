from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "masar.referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Referral

        # Field-level history of a referral: who changed its status, outcome or shared details.
        auditlog.register(Referral, exclude_fields=["version"])
