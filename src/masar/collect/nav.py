from django.utils.translation import gettext_lazy as _

from masar.core.nav import NavItem, register

from .access import COLLECTORS, PULLERS, REVIEWERS

register(NavItem(_("Field collection"), "collect:forms", order=85, roles=COLLECTORS))
register(NavItem(_("Collection inbox"), "collect:inbox", order=86, roles=COLLECTORS | REVIEWERS))
register(NavItem(_("Pulls"), "collect:pulls", order=87, roles=PULLERS))
