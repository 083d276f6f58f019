from django.utils.translation import gettext_lazy as _

from masar.accounts.choices import ASSESSORS
from masar.core.nav import NavItem, register

register(
    NavItem(_("Severity indices"), "indices:home", order=30),
    NavItem(_("KI assessment"), "indices:assess", roles=frozenset(ASSESSORS), order=31),
)
