"""Kurdish (Sorani): written in Arabic script, with the same separators as Arabic."""

from django.conf.locale.ckb.formats import *  # noqa: F403 - Django's Sorani dates, kept

DECIMAL_SEPARATOR = "\u066b"
THOUSAND_SEPARATOR = "\u066c"
NUMBER_GROUPING = 3
