"""English: Django's formats, with thousands grouped by commas in threes."""

from django.conf.locale.en.formats import *  # noqa: F403 - Django's English dates, kept

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
