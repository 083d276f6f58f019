from django.utils.translation import gettext_lazy as _

from masar.core.nav import NavItem, register

from .access import COLLECTORS

register(NavItem(_("Collection devices"), "collect:devices", order=85, roles=COLLECTORS))
