from django.utils.translation import gettext_lazy as _

from masar.core.nav import NavItem, register

register(NavItem(_("API tokens"), "api-tokens", order=95))
