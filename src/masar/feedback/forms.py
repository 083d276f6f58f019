"""Forms of the complaints and feedback mechanism: staff intake, the public form, sensitivity
(the lifecycle's input forms are in `workflow.py`)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from masar.core.fields import ModelForm
from masar.geo.models import AdminArea

from .choices import ContactPreference, Sensitivity, TicketType
from .models import Ticket

PUBLIC_DESCRIPTION_LIMIT = 2000


def governorate_field(required: bool = False) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        AdminArea.objects.filter(level=1).order_by("pcode"),
        required=required,
        label=_("Governorate"),
    )


class TicketForm(ModelForm):
    """Staff intake: everything a hotline operator or help-desk officer records."""

    governorate = governorate_field()

    class Meta:
        model = Ticket
        fields = [
            "channel", "received_at", "type", "sensitivity", "governorate", "programme",
            "sector", "contact_preference", "contact_name", "contact_phone", "contact_email",
            "description", "language", "priority",
        ]  # fmt: skip
        widgets = {
            "received_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, sees_sensitive: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
        if not sees_sensitive:
            self.fields["sensitivity"].help_text = _(
                "A sensitive ticket goes to the PSEA focal points only: you will no longer see it."
            )


class PublicTicketForm(forms.Form):
    """The public form: minimal fields, no account, no JavaScript needed."""

    type = forms.ChoiceField(label=_("What is it about?"), choices=TicketType.choices)
    description = forms.CharField(
        label=_("Your message"),
        max_length=PUBLIC_DESCRIPTION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": PUBLIC_DESCRIPTION_LIMIT}),
    )
    governorate = governorate_field()
    contact_preference = forms.ChoiceField(
        label=_("How may we answer you?"), choices=ContactPreference.choices
    )
    contact_name = forms.CharField(label=_("Name (optional)"), max_length=120, required=False)
    contact_phone = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False)
    contact_email = forms.EmailField(label=_("Email (optional)"), required=False)
    # A field people never see: automated senders fill it in.
    website = forms.CharField(required=False, label="", widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(_("The form could not be accepted."))
        preference = data.get("contact_preference")
        if preference in (ContactPreference.PHONE, ContactPreference.SMS) and not data.get(
            "contact_phone"
        ):
            self.add_error("contact_phone", _("Give a phone number to be answered by phone."))
        if preference == ContactPreference.EMAIL and not data.get("contact_email"):
            self.add_error("contact_email", _("Give an email address to be answered by email."))
        if preference == ContactPreference.ANONYMOUS:
            data["contact_name"] = data["contact_phone"] = data["contact_email"] = ""
        return data


class SensitivityForm(forms.Form):
    sensitivity = forms.ChoiceField(label=_("Sensitivity"), choices=Sensitivity.choices)
    reason = forms.CharField(label=_("Reason"))


class ReferenceForm(forms.Form):
    """The reference given when a message was sent, to ask where it stands."""

    reference = forms.CharField(
        label=_("Your reference number"),
        max_length=40,
        help_text=_("As written when you sent your message, e.g. CFM-2026-7KQ3-M9X4."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "ltr", "spellcheck": "false"}),
    )
