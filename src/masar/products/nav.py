from django.utils.translation import gettext_lazy as _

from masar.core.nav import NavItem, register

register(NavItem(_("Public dashboard"), "public:dashboard", order=91, public=True))
