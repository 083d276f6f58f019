from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from masar.core import fields


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the tool or script that uses it."),
    )
    days = fields.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=365,
        initial=lambda: settings.MASAR["API_TOKEN_DAYS"],
    )
