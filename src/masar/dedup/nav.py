from django.utils.translation import gettext_lazy as _

from masar.accounts.choices import Role
from masar.core.nav import NavItem, register

register(
    NavItem(
        _("Duplicates"),
        "dedup:queue",
        order=35,
        roles=frozenset({Role.CASE_SUPERVISOR, Role.ADMIN}),
    ),
)
