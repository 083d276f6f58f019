from django import forms
from django.utils.translation import gettext_lazy as _

from masar.core import fields
from masar.core.choices import ServiceSector
from masar.geo.models import AdminArea

from .choices import Urgency

SHARE_CHOICES = [
    ("name", _("Name of the head of household")),
    ("phone", _("Phone")),
    ("location", _("Location")),
    ("need", _("The need")),
]


class ReferralForm(forms.Form):
    service = forms.ModelChoiceField(queryset=None, label=_("Service"))
    reason = forms.CharField(widget=forms.Textarea, max_length=2000, label=_("Reason"))
    urgency = forms.ChoiceField(choices=Urgency.choices, label=_("Urgency"))
    share = forms.MultipleChoiceField(
        choices=SHARE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=["name", "phone", "location", "need"],
        label=_("Share with the partner"),
    )
    need = forms.CharField(widget=forms.Textarea, max_length=1000, required=False, label=_("Need"))
    override_reason = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label=_("Emergency override: why refer without consent (supervisors only)"),
    )

    def __init__(self, *args, services, consent: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        if consent:
            del self.fields["override_reason"]


class ServiceForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Service"))
    sector = forms.ChoiceField(choices=ServiceSector.choices, label=_("Sector"))
    governorates = forms.ModelMultipleChoiceField(
        queryset=AdminArea.objects.filter(level=1).order_by("pcode"), label=_("Governorates")
    )
    eligibility = forms.CharField(widget=forms.Textarea, required=False, label=_("Eligibility"))
    focal_point_contact = forms.CharField(
        max_length=120, required=False, label=_("Focal point contact")
    )
    response_days = fields.IntegerField(
        min_value=1, max_value=90, initial=5, label=_("Expected response time (days)")
    )
