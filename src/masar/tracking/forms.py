from django import forms
from django.utils.translation import gettext_lazy as _

from masar.core import fields
from masar.geo.forms import PlaceField

from .choices import EmergencyCause
from .importing import shipped_layouts

DATE = forms.DateInput(attrs={"type": "date"})


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Master list (CSV or XLSX)"))
    round_start = forms.DateField(widget=DATE, label=_("Round period start"))
    round_end = forms.DateField(widget=DATE, label=_("Round period end"))
    round_number = fields.IntegerField(required=False, min_value=1, label=_("DTM round number"))
    layout = forms.ChoiceField(label=_("Layout"))
    population = forms.ChoiceField(
        choices=[("", _("From the file")), ("idp", _("IDPs")), ("returnee", _("Returnees"))],
        required=False,
        label=_("Population type"),
    )
    on_unresolved = forms.ChoiceField(
        choices=[
            ("reject", _("Reject rows whose area is not recognised")),
            ("parent", _("Attach them to the finest area recognised (with a warning)")),
        ],
        label=_("Unrecognised area names"),
    )
    dry_run = forms.BooleanField(required=False, label=_("Check only (dry run)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layout"].choices = [(name, name) for name in shipped_layouts()]

    def clean(self):
        data = super().clean()
        check_period(data.get("round_start"), data.get("round_end"))
        return data


def check_period(start, end) -> None:
    """A round's period runs forwards (the database refuses the other way): the upload page
    and the API both ask here, so the refusal reads the same."""
    if start and end and end < start:
        raise forms.ValidationError(_("The round ends before it starts."))


class CompareForm(forms.Form):
    """The two rounds of a comparison, by uid, as the round page's form and the export links
    send them."""

    a = forms.UUIDField()
    b = forms.UUIDField()


class EmergencyEventForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Name"))
    cause = forms.ChoiceField(choices=EmergencyCause.choices, label=_("Cause"))
    start_date = forms.DateField(widget=DATE, label=_("Start date"))
    description = forms.CharField(widget=forms.Textarea, required=False, label=_("Description"))


class EmergencyUpdateForm(forms.Form):
    location = PlaceField("location", as_key=True, label=_("Location"))
    reported_on = forms.DateField(widget=DATE, label=_("Date"))
    families_displaced = fields.IntegerField(min_value=0, initial=0, label=_("Families displaced"))
    individuals_displaced = fields.IntegerField(
        min_value=0, initial=0, label=_("Individuals displaced")
    )
    families_returned = fields.IntegerField(min_value=0, initial=0, label=_("Families returned"))
    individuals_returned = fields.IntegerField(
        min_value=0, initial=0, label=_("Individuals returned")
    )


class EmergencyUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Updates (CSV: location_id, date, families_displaced, individuals_displaced, "
                "families_returned, individuals_returned)")
    )  # fmt: skip
