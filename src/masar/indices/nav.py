from django.utils.translation import gettext_lazy as _

from masar.core.nav import NavItem, register

from .access import ASSESSORS

register(
    NavItem(_("Severity indices"), "indices:home", order=30),
    NavItem(_("KI assessment"), "indices:assess", roles=frozenset(ASSESSORS), order=31),
)
