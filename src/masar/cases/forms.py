"""Forms of the case pages. They only parse input; the rules live in actions and workflow."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from masar.core import fields
from masar.geo.access import sites_visible_to
from masar.geo.forms import PlaceField
from masar.geo.places import default_queryset
from masar.lib.digits import only_digits

from .choices import (
    Difficulty,
    DocumentStatus,
    FollowUpKind,
    Pathway,
    PaymentChannel,
    PaymentPurpose,
    Relationship,
    Sex,
    TensionLevel,
    VisitKind,
)
from .durability import PRM_QUESTIONS
from .registration import (
    BIRTH_FIELD,
    HEAD_REQUIRED,
    HOUSEHOLD_REQUIRED,
    household_problems,
    member_problems,
)

DATE = forms.DateInput(attrs={"type": "date"})
YES_NO = [("", _("Not asked")), ("yes", _("Yes")), ("no", _("No"))]


def LocationField(**kwargs) -> PlaceField:
    """A location anywhere in the country, picked by name or ID (places are not personal data)."""
    return PlaceField("location", **kwargs)


class HouseholdForm(forms.Form):
    current_site = PlaceField(
        "site",
        label=_("Current site"),
        error_messages={"required": HOUSEHOLD_REQUIRED["current_site"]},
    )
    origin_area = PlaceField(
        "area",
        queryset=default_queryset("area").filter(level=2),
        required=False,
        label=_("District of origin"),
        help_text=_("Type part of the district's name or its P-code."),
    )
    pathway = forms.ChoiceField(
        choices=[("", "—"), *Pathway.choices],
        label=_("Intended pathway"),
        error_messages={"required": HOUSEHOLD_REQUIRED["pathway"]},
    )
    destination = LocationField(
        required=False,
        label=_("Intended destination"),
    )
    registration_channel = forms.ChoiceField(
        choices=[
            ("help_desk", _("Help desk in camp")),
            ("help_line", _("Help line")),
            ("outreach", _("Outreach")),
        ],
        label=_("Registered through"),
    )
    consent_informed = forms.BooleanField(
        label=_("Informed consent given"),
        error_messages={"required": HOUSEHOLD_REQUIRED["consent_informed"]},
    )
    consent_voluntary = forms.BooleanField(required=False, label=_("The decision is voluntary"))
    consent_services = forms.BooleanField(required=False, label=_("Consents to services"))
    consent_referral = forms.BooleanField(
        required=False, label=_("Consents to referral to partners")
    )
    consent_authorities = forms.BooleanField(
        required=False, label=_("Consents to sharing with the authorities")
    )
    female_headed = forms.BooleanField(required=False, label=_("Female-headed household"))
    older_person_alone = forms.BooleanField(required=False, label=_("Older person alone"))
    disability = forms.BooleanField(required=False, label=_("Person with disability"))
    unaccompanied_child = forms.BooleanField(
        required=False, label=_("Unaccompanied or separated child")
    )
    chronic_illness = forms.BooleanField(required=False, label=_("Chronic illness"))
    survivor = forms.BooleanField(required=False, label=_("Survivor"))
    perceived_affiliation = forms.BooleanField(required=False, label=_("Perceived affiliation"))

    def __init__(self, *args, user, sensitive: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["current_site"].queryset = default_queryset("site").filter(
            pk__in=sites_visible_to(user).values("pk")
        )
        if not sensitive:
            del self.fields["survivor"]
            del self.fields["perceived_affiliation"]

    def clean(self):
        data = super().clean()
        _add_problems(self, household_problems(data))
        return data


def _add_problems(form: forms.Form, problems: dict[str, str]) -> None:
    """Show the registration rule's problems beside their fields (unless the field already has
    its own error, e.g. a place that matches nothing)."""
    for name, message in problems.items():
        if name in form.fields and name not in form.errors:
            form.add_error(name, message)


class MemberForm(forms.Form):
    relationship = forms.ChoiceField(choices=Relationship.choices, label=_("Relationship"))
    given_name = forms.CharField(max_length=80, label=_("Given name"))
    father_name = forms.CharField(max_length=80, required=False, label=_("Father's name"))
    grandfather_name = forms.CharField(max_length=80, required=False, label=_("Grandfather's name"))
    family_name = forms.CharField(max_length=80, required=False, label=_("Family or tribal name"))
    latin_name = forms.CharField(max_length=200, required=False, label=_("Name in Latin letters"))
    # No default: a worker who skips the question must not record a woman by accident.
    sex = forms.ChoiceField(choices=[("", "—"), *Sex.choices], label=_("Sex"))
    date_of_birth = forms.DateField(required=False, widget=DATE, label=_("Date of birth"))
    birth_year = fields.IntegerField(
        required=False, min_value=1900, max_value=2100, label=_("or year of birth")
    )
    age = fields.IntegerField(
        required=False,
        min_value=0,
        max_value=120,
        label=_("or age in years"),
        help_text=_("When neither the date nor the year of birth is known."),
    )
    phone = forms.CharField(max_length=30, required=False, label=_("Phone"))
    national_id_number = forms.CharField(
        max_length=40, required=False, label=_("National ID number")
    )
    national_id = forms.ChoiceField(
        choices=[("", "—"), *DocumentStatus.choices], required=False, label=_("National ID")
    )
    civil_id = forms.ChoiceField(
        choices=[("", "—"), *DocumentStatus.choices], required=False, label=_("Civil status ID")
    )
    nationality_cert = forms.ChoiceField(
        choices=[("", "—"), *DocumentStatus.choices],
        required=False,
        label=_("Nationality certificate"),
    )
    birth_cert = forms.ChoiceField(
        choices=[("", "—"), *DocumentStatus.choices], required=False, label=_("Birth certificate")
    )
    passport = forms.ChoiceField(
        choices=[("", "—"), *DocumentStatus.choices], required=False, label=_("Passport")
    )
    wg_walking = forms.TypedChoiceField(
        choices=[("", "—"), *Difficulty.choices],
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Difficulty walking"),
    )
    wg_seeing = forms.TypedChoiceField(
        choices=[("", "—"), *Difficulty.choices],
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Difficulty seeing"),
    )

    # Required of the head of household only (the same form serves every member).
    head_required = frozenset({*HEAD_REQUIRED, BIRTH_FIELD} - {"birth"})

    def clean(self):
        data = super().clean()
        _add_problems(self, member_problems(data))
        return data

    def clean_phone(self):
        return only_digits(self.cleaned_data["phone"])

    def clean_national_id_number(self):
        return only_digits(self.cleaned_data["national_id_number"])


MemberFormSet = formset_factory(MemberForm, extra=0, min_num=1, validate_min=True, max_num=30)


class VersionedForm(forms.Form):
    """Carries the case version the form was opened at (optimistic locking)."""

    version = fields.IntegerField(widget=forms.HiddenInput)


class OverrideForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea, label=_("Why the departure may go ahead"))


class ConsentForm(VersionedForm):
    consent_informed = forms.BooleanField(required=False, label=_("Informed consent given"))
    consent_voluntary = forms.BooleanField(required=False, label=_("The decision is voluntary"))
    consent_services = forms.BooleanField(required=False, label=_("Consents to services"))
    consent_referral = forms.BooleanField(
        required=False, label=_("Consents to referral to partners")
    )
    consent_authorities = forms.BooleanField(
        required=False, label=_("Consents to sharing with the authorities")
    )


class VisitForm(forms.Form):
    kind = forms.ChoiceField(choices=VisitKind.choices, label=_("Kind"))
    visited_on = forms.DateField(widget=DATE, label=_("Date"))
    participants = forms.CharField(max_length=200, required=False, label=_("Participants"))
    outcome = forms.CharField(widget=forms.Textarea, required=False, label=_("Outcome"))


class DestinationAssessmentForm(forms.Form):
    assessed_on = forms.DateField(widget=DATE, label=_("Assessed on"))
    sensitization_on = forms.DateField(
        widget=DATE, required=False, label=_("Host-community sensitization done on")
    )
    conditions = forms.CharField(widget=forms.Textarea, required=False, label=_("Conditions"))
    risks = forms.CharField(widget=forms.Textarea, required=False, label=_("Return-related risks"))
    explosive_hazards = forms.BooleanField(required=False, label=_("Explosive hazards reported"))
    social_tension = forms.ChoiceField(
        choices=TensionLevel.choices, label=_("Level of social tension")
    )


class PaymentForm(forms.Form):
    purpose = forms.ChoiceField(choices=PaymentPurpose.choices, label=_("Grant"))


class PaidForm(forms.Form):
    paid_on = forms.DateField(widget=DATE, label=_("Paid on"))
    channel = forms.ChoiceField(choices=PaymentChannel.choices, label=_("Channel"))


class AttemptForm(forms.Form):
    attempted_on = forms.DateField(widget=DATE, label=_("Date"))
    reached = forms.BooleanField(required=False, label=_("Household reached"))
    notes = forms.CharField(max_length=300, required=False, label=_("Notes"))


class FollowUpForm(forms.Form):
    completed_on = forms.DateField(widget=DATE, label=_("Completed on"))
    outcome = forms.CharField(widget=forms.Textarea, required=False, label=_("Outcome"))
    protection_risk = forms.BooleanField(required=False, label=_("Protection risk found"))
    secondary_displacement = forms.BooleanField(required=False, label=_("Secondary displacement"))
    referral_need = forms.CharField(max_length=200, required=False, label=_("Referral needed for"))
    early_reason = forms.CharField(
        widget=forms.Textarea,
        required=False,
        label=_("Why before the window opens (only if done early)"),
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        if kind == FollowUpKind.PRM:
            for question in PRM_QUESTIONS:
                self.fields[f"q_{question.code}"] = forms.ChoiceField(
                    choices=YES_NO, required=False, label=question.label
                )

    def answers(self) -> dict:
        return {
            key[2:]: value
            for key, value in self.cleaned_data.items()
            if key.startswith("q_") and value
        }


class ArrivalCorrectionForm(forms.Form):
    arrived_on = forms.DateField(widget=DATE, label=_("Corrected arrival date"))


class DepartureListForm(forms.Form):
    site = forms.ModelChoiceField(queryset=None, label=_("Site"))
    departure_date = forms.DateField(widget=DATE, label=_("Departure date"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites_visible_to(user).order_by("name")
