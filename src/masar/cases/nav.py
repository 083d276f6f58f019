from django.utils.translation import gettext_lazy as _

from masar.accounts.choices import Role
from masar.core.nav import NavItem, register

CASE_ROLES = frozenset({Role.CASE_WORKER, Role.CASE_SUPERVISOR, Role.ADMIN})

register(
    NavItem(_("Cases"), "cases:list", order=30, roles=CASE_ROLES | {Role.GOVERNMENT_OFFICER}),
    NavItem(_("Worklists"), "cases:worklists", order=31, roles=CASE_ROLES),
    NavItem(
        _("Pipeline"),
        "cases:dashboard",
        order=32,
        roles=CASE_ROLES | {Role.GOVERNMENT_OFFICER, Role.IM_OFFICER},
    ),
)
