"""The input of each case transition: one form per action, used alike by the pages, the API
(`prepare` maps the API's JSON onto the fields) and the commands. Dates are ISO (`2026-12-31`)
only: `31/12/2026` is ambiguous across the languages the system serves."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from masar.core.fields import IsoDateField
from masar.core.workflow import TransitionForm
from masar.lib.dates import add_months

from .choices import ClosureOutcome, Pathway, Sector
from .forms import DATE, LocationField

SEVERITIES = [(0, _("No need")), (1, _("Low")), (2, _("Medium")), (3, _("High"))]


def step_date(label, *, required: bool = False) -> forms.DateField:
    """A step's date: ISO, optional (the step takes today), never far in the future."""
    return IsoDateField(widget=DATE, label=label, required=required)


class CaseTransitionForm(TransitionForm):
    """Refuses dates more than a year ahead of the day the transition runs."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.context is not None:
            limit = add_months(self.context.today, 12)
            for name, field in self.fields.items():
                value = cleaned.get(name)
                if isinstance(field, forms.DateField) and value is not None and value > limit:
                    self.add_error(name, _("This date is too far in the future."))
        return cleaned


class AssessForm(CaseTransitionForm):
    """Needs by sector: on pages one severity and note field per sector; in the API a
    `needs` object, e.g. {"shelter": {"severity": 2, "notes": "roof damaged"}}."""

    assessed_on = step_date(_("Assessed on"))

    def __init__(self, data: Mapping | None = None, **kwargs: Any) -> None:
        self.needs_error = ""
        super().__init__(data, **kwargs)
        for sector, label in Sector.choices:
            self.fields[f"severity_{sector}"] = forms.TypedChoiceField(
                choices=SEVERITIES, coerce=int, required=False, empty_value=0, label=label
            )
            self.fields[f"notes_{sector}"] = forms.CharField(
                max_length=1000, required=False, label=_("Notes")
            )

    def prepare(self, data: Mapping) -> Mapping:
        if "needs" not in data:
            return data
        flat = {key: value for key, value in data.items() if key != "needs"}
        needs = data["needs"]
        if not isinstance(needs, Mapping):
            self.needs_error = str(_("“needs” must be an object of sectors."))
            return flat
        for sector, need in needs.items():
            if sector not in Sector.values:
                self.needs_error = str(_("Unknown sector %(sector)s.") % {"sector": sector})
            elif not isinstance(need, Mapping):
                self.needs_error = str(
                    _("The need for %(sector)s must be an object with a severity.")
                    % {"sector": sector}
                )
            else:
                flat[f"severity_{sector}"] = need.get("severity", 0)
                flat[f"notes_{sector}"] = need.get("notes", "")
        return flat

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.needs_error:
            raise forms.ValidationError(self.needs_error, code="invalid")
        return cleaned

    def action_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        needs = {
            sector: {"severity": data[f"severity_{sector}"], "notes": data[f"notes_{sector}"]}
            for sector in Sector.values
            if f"severity_{sector}" in self.data
        }
        return {"assessed_on": data["assessed_on"], "needs": needs}


class RequestClearanceForm(CaseTransitionForm):
    requested_on = step_date(_("Requested on"))


class ClearanceDecisionForm(CaseTransitionForm):
    reference = forms.CharField(max_length=60, required=False, label=_("Reference"))
    decided_on = step_date(_("Decided on"))


class ChangeDestinationForm(CaseTransitionForm):
    destination = LocationField(label=_("New destination"))
    reason = forms.CharField(widget=forms.Textarea, label=_("Why the destination changed"))


class ScheduleDepartureForm(CaseTransitionForm):
    planned_on = step_date(_("Planned departure date"))
    transport = forms.CharField(max_length=120, required=False, label=_("Transport"))
    nfi_kit = forms.BooleanField(required=False, label=_("NFI kit"))
    asset_removal = forms.BooleanField(required=False, label=_("Asset removal"))
    authorities_notified_on = step_date(_("Local authorities notified on"))


class DepartForm(CaseTransitionForm):
    departed_on = step_date(_("Departed on"))


class ArriveForm(CaseTransitionForm):
    arrived_on = step_date(_("Arrival date"))
    location = LocationField(required=False, label=_("Actual destination"))
    authority_reference = forms.CharField(
        max_length=60, required=False, label=_("Registration reference (authorities)")
    )


class PlanIntegrationForm(CaseTransitionForm):
    intention_confirmed_on = step_date(_("Intention to stay confirmed on"), required=True)
    location = LocationField(
        required=False,
        label=_("Location of integration"),
        help_text=_("Leave empty for the household's current location."),
    )
    support_plan = forms.CharField(
        widget=forms.Textarea,
        max_length=2000,
        label=_("Support plan"),
        help_text=_("The support agreed with the household: shelter, livelihoods, services."),
    )
    documentation_support = forms.BooleanField(
        required=False, label=_("Civil documentation support")
    )
    hlp_support = forms.BooleanField(required=False, label=_("Housing, land and property support"))


class StartIntegrationForm(CaseTransitionForm):
    started_on = step_date(_("Integration start date"))


class ChangePathwayForm(CaseTransitionForm):
    pathway = forms.ChoiceField(choices=Pathway.choices, label=_("New pathway"))
    destination = LocationField(
        required=False,
        label=_("New destination"),
        help_text=_("For a return or a relocation; leave empty to keep the current one."),
    )
    reason = forms.CharField(widget=forms.Textarea, label=_("Why the pathway changed"))

    def clean_pathway(self) -> str:
        pathway = self.cleaned_data["pathway"]
        if self.context is not None and pathway == self.context.obj.pathway:
            raise forms.ValidationError(_("This is already the household's pathway."))
        return pathway


class CloseForm(CaseTransitionForm):
    outcome = forms.ChoiceField(choices=ClosureOutcome.choices, label=_("Outcome"))
    reason = forms.CharField(widget=forms.Textarea, required=False, label=_("Notes"))


class WithdrawForm(CaseTransitionForm):
    reason = forms.CharField(widget=forms.Textarea, label=_("Reason the household withdrew"))
