from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "masar.feedback"
    verbose_name = _("Complaints and feedback")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Ticket

        # Field-level history of a ticket: who reassigned, escalated or closed it, and when.
        auditlog.register(Ticket, exclude_fields=["version"])
