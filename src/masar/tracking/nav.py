from django.utils.translation import gettext_lazy as _

from masar.core.nav import NavItem, register

register(
    NavItem(_("Rounds"), "tracking:rounds", order=20),
    NavItem(_("Emergencies"), "tracking:events", order=21),
)
