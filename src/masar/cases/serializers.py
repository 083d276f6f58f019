"""API shapes of cases. Input is validated here; every rule is applied by the actions."""

from __future__ import annotations

from rest_framework import serializers

from masar.core.api_fields import CodeField
from masar.geo.models import AdminArea, Location, Site

from .choices import Pathway, RegistrationChannel
from .models import FollowUp, Household, Member, Payment


class MemberSerializer(serializers.ModelSerializer):
    # At registration, instead of a year of birth: the year is worked out from it.
    age = serializers.IntegerField(write_only=True, required=False, min_value=0, max_value=120)

    class Meta:
        model = Member
        fields = [
            "uid",
            "relationship",
            "given_name",
            "father_name",
            "grandfather_name",
            "family_name",
            "latin_name",
            "sex",
            "date_of_birth",
            "birth_year",
            "age",
            "phone",
            "national_id_number",
            "national_id",
            "civil_id",
            "nationality_cert",
            "birth_cert",
            "passport",
        ]
        read_only_fields = ["uid"]


class HouseholdSerializer(serializers.ModelSerializer):
    """The list shape, and all a government officer sees of a case sent to them."""

    governorate = serializers.CharField(source="governorate.pcode", read_only=True)
    site = serializers.CharField(source="current_site.external_id", default=None, read_only=True)
    destination = serializers.CharField(
        source="destination.external_id", default=None, read_only=True
    )

    class Meta:
        model = Household
        fields = [
            "uid",
            "case_number",
            "state",
            "version",
            "pathway",
            "governorate",
            "site",
            "destination",
            "registered_on",
        ]


class HouseholdDetailSerializer(HouseholdSerializer):
    members = MemberSerializer(many=True, read_only=True)
    vulnerabilities = serializers.SerializerMethodField()

    class Meta(HouseholdSerializer.Meta):
        fields = [
            *HouseholdSerializer.Meta.fields,
            "registration_channel",
            "consent_informed",
            "consent_voluntary",
            "consent_at",
            "consent_services",
            "consent_referral",
            "consent_authorities",
            "vulnerabilities",
            "closure_outcome",
            "members",
        ]

    def get_vulnerabilities(self, household) -> list[str]:
        from .choices import SENSITIVE_VULNERABILITIES, Vulnerability

        sensitive = self.context.get("sensitive", False)
        return [
            flag
            for flag in Vulnerability.values
            if getattr(household, flag) and (sensitive or flag not in SENSITIVE_VULNERABILITIES)
        ]


class RegistrationSerializer(serializers.Serializer):
    site = CodeField(slug_field="external_id", queryset=Site.objects.all())
    destination = CodeField(
        slug_field="external_id", queryset=Location.objects.all(), required=False, allow_null=True
    )
    origin_area = CodeField(
        slug_field="pcode", queryset=AdminArea.objects.all(), required=False, allow_null=True
    )
    # No default: the worker says which pathway the household intends.
    pathway = serializers.ChoiceField(Pathway.choices)
    registration_channel = serializers.ChoiceField(
        RegistrationChannel.choices, default=RegistrationChannel.HELP_DESK
    )
    consent_informed = serializers.BooleanField(default=False)
    consent_voluntary = serializers.BooleanField(default=False)
    consent_services = serializers.BooleanField(default=False)
    consent_referral = serializers.BooleanField(default=False)
    consent_authorities = serializers.BooleanField(default=False)
    # What a registration must record is `register_household`'s rule (`cases.registration`),
    # the same for the page, the API and field forms: a refusal names every missing field.
    members = MemberSerializer(many=True)


class FollowUpSerializer(serializers.ModelSerializer):
    household = serializers.UUIDField(source="household.uid", read_only=True)
    case_number = serializers.CharField(source="household.case_number", read_only=True)

    class Meta:
        model = FollowUp
        fields = [
            "uid",
            "household",
            "case_number",
            "kind",
            "due_from",
            "due_until",
            "status",
            "completed_on",
            "protection_risk",
            "secondary_displacement",
        ]


class FollowUpCompletionSerializer(serializers.Serializer):
    completed_on = serializers.DateField()
    answers = serializers.DictField(child=serializers.CharField(allow_blank=True), default=dict)
    outcome = serializers.CharField(required=False, allow_blank=True, default="")
    protection_risk = serializers.BooleanField(default=False)
    secondary_displacement = serializers.BooleanField(default=False)
    referral_need = serializers.CharField(required=False, allow_blank=True, default="")
    early_reason = serializers.CharField(required=False, allow_blank=True, default="")


class PaymentSerializer(serializers.ModelSerializer):
    household = serializers.UUIDField(source="household.uid", read_only=True)

    class Meta:
        model = Payment
        fields = [
            "uid",
            "household",
            "purpose",
            "amount_iqd",
            "status",
            "approved_on",
            "paid_on",
            "channel",
            "finance_flag",
        ]


class CaseSearchSerializer(serializers.Serializer):
    """A case search's body: posted, never in the query string (it names people)."""

    search = serializers.CharField(max_length=200, allow_blank=True, trim_whitespace=True)
    state = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
