from django.utils.translation import gettext_lazy as _

from masar.accounts.choices import Role
from masar.core.nav import NavItem, register

register(
    NavItem(
        _("Referrals"),
        "referrals:index",
        order=40,
        roles=frozenset(
            {Role.PARTNER_FOCAL_POINT, Role.CASE_WORKER, Role.CASE_SUPERVISOR, Role.ADMIN}
        ),
    ),
    NavItem(_("Services"), "referrals:services", order=41),
)
