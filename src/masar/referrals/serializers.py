from rest_framework import serializers

from .models import Referral, Service


class ServiceSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    governorates = serializers.SlugRelatedField(slug_field="pcode", many=True, read_only=True)

    class Meta:
        model = Service
        fields = [
            "uid",
            "name",
            "sector",
            "organisation",
            "governorates",
            "eligibility",
            "focal_point_contact",
            "response_days",
        ]


class ReferralSerializer(serializers.ModelSerializer):
    """The minimum data: what the sender chose to share, never the case itself."""

    service = serializers.UUIDField(source="service.uid", read_only=True)
    to_organisation = serializers.CharField(source="to_organisation.name", read_only=True)
    from_organisation = serializers.CharField(source="from_organisation.name", read_only=True)
    location = serializers.CharField(
        source="shared_location.external_id", default=None, read_only=True
    )
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "uid",
            "reference",
            "service",
            "from_organisation",
            "to_organisation",
            "sent_at",
            "reason",
            "urgency",
            "shared_name",
            "shared_phone",
            "location",
            "need",
            "status",
            "accepted_at",
            "finished_at",
            "outcome",
            "status_reason",
            "service_date",
            "version",
            "overdue",
        ]

    def get_overdue(self, referral) -> bool:
        return referral.is_overdue()


class SendReferralSerializer(serializers.Serializer):
    household = serializers.UUIDField()
    service = serializers.UUIDField()
    reason = serializers.CharField()
    urgency = serializers.ChoiceField(["normal", "urgent", "emergency"], default="normal")
    share = serializers.ListField(
        child=serializers.ChoiceField(["name", "phone", "location", "need"]),
        default=["name", "phone", "location", "need"],
    )
    need = serializers.CharField(required=False, allow_blank=True, default="")
    override_reason = serializers.CharField(required=False, allow_blank=True, default="")
