from django.utils.translation import gettext_lazy as _

from masar.accounts.choices import Role
from masar.core.nav import NavItem, register

register(
    NavItem(
        _("Feedback"),
        "feedback:index",
        order=50,
        roles=frozenset(
            {
                Role.CFM_OFFICER,
                Role.PSEA_FOCAL_POINT,
                Role.CASE_WORKER,
                Role.CASE_SUPERVISOR,
                Role.ADMIN,
            }
        ),
    ),
    NavItem(_("Give feedback"), "feedback:submit", order=90, public=True),
)
