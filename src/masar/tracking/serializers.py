from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from .forms import check_period
from .importing import shipped_layouts
from .models import EmergencyEvent, EmergencyUpdate, Round


class RoundSerializer(serializers.ModelSerializer):
    class Meta:
        model = Round
        fields = ["uid", "number", "start_date", "end_date", "status", "embargo_until",
                  "version", "household_size", "camp_household_size"]  # fmt: skip


LEVELS = {"country": 0, "governorate": 1, "district": 2}


class FigureQuerySerializer(serializers.Serializer):
    """The figures endpoint's query, so that a malformed value answers 400 naming the parameter."""

    round = serializers.UUIDField(help_text="The round's uid.")
    level = serializers.ChoiceField(list(LEVELS), default="governorate")
    population = serializers.ChoiceField(["idp", "returnee"], required=False, allow_blank=True)


class FigureRowSerializer(serializers.Serializer):
    pcode = serializers.CharField()
    population_type = serializers.CharField()
    families = serializers.IntegerField(allow_null=True)
    individuals = serializers.IntegerField()


class LocationHistorySerializer(serializers.Serializer):
    round = serializers.UUIDField(source="round__uid")
    start_date = serializers.DateField(source="round__start_date")
    end_date = serializers.DateField(source="round__end_date")
    status = serializers.CharField(source="round__status")
    population_type = serializers.CharField()
    families = serializers.IntegerField()
    individuals = serializers.IntegerField()


class EmergencyEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = EmergencyEvent
        fields = ["uid", "name", "cause", "start_date", "status", "publication", "published_at",
                  "description"]  # fmt: skip
        # An emergency starts active and unpublished; both are lifecycle fields no payload sets.
        read_only_fields = ["uid", "status", "publication", "published_at"]


class EmergencyUpdateSerializer(serializers.ModelSerializer):
    location = serializers.CharField(source="location.external_id")

    class Meta:
        model = EmergencyUpdate
        fields = ["location", "reported_on", "families_displaced", "individuals_displaced",
                  "families_returned", "individuals_returned"]  # fmt: skip


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    round_start = serializers.DateField()
    round_end = serializers.DateField()
    round_number = serializers.IntegerField(required=False, allow_null=True, default=None)
    layout = serializers.CharField(default="masar")
    population = serializers.ChoiceField(["idp", "returnee"], required=False, allow_null=True)
    on_unresolved = serializers.ChoiceField(["reject", "parent"], default="reject")
    dry_run = serializers.BooleanField(default=False)

    def validate(self, attrs):
        try:
            check_period(attrs.get("round_start"), attrs.get("round_end"))
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"round_end": exc.messages}) from exc
        return attrs

    def validate_layout(self, value: str) -> str:
        """A shipped layout's name only: a path would read or probe the server's files."""
        if value not in shipped_layouts():
            raise serializers.ValidationError(
                f"Unknown layout; choose one of: {', '.join(shipped_layouts())}."
            )
        return value
