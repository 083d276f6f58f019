"""The data-protection page's filter form: read from the query string, never trusted raw."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .queries_audit import TrailFilter


class TrailFilterForm(forms.Form):
    username = forms.CharField(label=_("User"), required=False, max_length=150)
    record_type = forms.CharField(label=_("Record type"), required=False, max_length=60)
    record_uid = forms.UUIDField(label=_("Record ID"), required=False)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("Any")), ("view", _("Read")), ("export", _("Export"))],
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput({"type": "date"}))

    def filters(self) -> TrailFilter:
        """The filters the form holds (only call after `is_valid()`)."""
        data = self.cleaned_data
        return TrailFilter(
            username=data["username"].strip(),
            record_type=data["record_type"].strip(),
            record_uid=str(data["record_uid"] or ""),
            action=data["action"],
            since=data["since"],
            until=data["until"],
        )
