from django.utils.translation import gettext_lazy as _

from masar.core.nav import NavItem, register

register(
    NavItem(_("Geography"), "geo:browser", order=10),
    NavItem(_("Sites"), "geo:sites", order=11),
)
