"""Arabic (Iraq): Arabic thousands and decimal separators, Django's Arabic dates otherwise."""

from django.conf.locale.ar.formats import *  # noqa: F403 - Django's Arabic dates, kept

DECIMAL_SEPARATOR = "\u066b"
THOUSAND_SEPARATOR = "\u066c"
NUMBER_GROUPING = 3
