from django.utils.translation import gettext_lazy as _

from masar.core.nav import NavItem, register

from .choices import AUDITORS

register(NavItem(_("Data protection"), "data_protection:access_log", order=92, roles=AUDITORS))
