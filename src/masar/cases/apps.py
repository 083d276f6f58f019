from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "masar.cases"
    verbose_name = _("Case management")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Household, Member

        # Field-level history of personal records. Derived and bookkeeping fields are left out;
        # so are the two flags only a case supervisor may see, because the history is read by
        # the data-protection officer, who must not learn them.
        auditlog.register(
            Household,
            exclude_fields=[
                "version",
                "created_at",
                "updated_at",
                "survivor",
                "perceived_affiliation",
            ],
        )
        auditlog.register(Member, exclude_fields=["search_key", "created_at", "updated_at"])
