"""Filters that show numbers, money and dates right in every language of the interface.

Numbers are grouped with the active language's separators (see `masar.formats`). ISO dates and
date ranges are wrapped in left-to-right isolates: in an Arabic or Kurdish page the browser's
bidirectional algorithm would otherwise show "2024-05-17" as "17-05-2024" and break a range
apart. Available in every template without `{% load %}`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


def _number(value: object) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def num(value: object, places: int | None = None) -> str:
    """A number with the language's thousands grouping; `places` fixes the decimals."""
    number = _number(value)
    if number is None:
        return "" if value is None else str(value)
    whole = number == number.to_integral()
    decimals = int(places) if places is not None else (0 if whole else None)
    return number_format(number, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def iqd(value: object) -> str:
    """An amount in Iraqi dinars, whole and grouped: "1,500,000 IQD", "1٬500٬000 د.ع"."""
    number = _number(value)
    if number is None:
        return ""
    # Translators: an amount of money in Iraqi dinars; keep %(amount)s.
    return _("%(amount)s IQD") % {"amount": num(number, 0)}


@register.filter
def pct(value: object, places: int = 0) -> str:
    """A share between 0 and 1 as a percentage with the language's decimal separator."""
    number = _number(value)
    if number is None:
        return ""
    return f"{num(number * 100, places)}%"


def _isolate(text: str, machine: str) -> SafeString:
    return format_html('<time datetime="{}" dir="ltr">{}</time>', machine, text)


@register.filter
def isodate(value: datetime.date | None) -> SafeString | str:
    """A date as YYYY-MM-DD that stays in that order in right-to-left pages."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return _isolate(value.isoformat(), value.isoformat())


@register.filter
def isodatetime(value: datetime.datetime | None) -> SafeString | str:
    """A moment as YYYY-MM-DD HH:MM in the instance's time zone, in order when right to left."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return _isolate(local.strftime("%Y-%m-%d %H:%M"), local.isoformat(timespec="minutes"))


@register.simple_tag
def daterange(start: datetime.date | None, end: datetime.date | None) -> SafeString:
    """ "2024-05-01 – 2024-06-30" as one isolated run, so that it cannot break apart."""
    parts = [d.isoformat() for d in (start, end) if d]
    return format_html('<bdi dir="ltr">{}</bdi>', " – ".join(parts))


@register.filter
def label_in(code: object, labels: Mapping[object, object] | None) -> object:
    """The label of a stored code, from a mapping of code to label (a `TextChoices`' choices
    as a dict): `{{ r.state|label_in:states }}` shows "Clearance denied", not
    `clearance_denied`. The code itself when the mapping does not know it."""
    if not labels:
        return code
    return labels.get(code, code)
