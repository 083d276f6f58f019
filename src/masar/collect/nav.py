from django.utils.translation import gettext_lazy as _

from masar.core.nav import NavItem, register

from .access import COLLECTORS

register(NavItem(_("Field collection"), "collect:forms", order=85, roles=COLLECTORS))
