from rest_framework import serializers

from .models import Hotspot, IndexResult, Methodology


class MethodologySerializer(serializers.ModelSerializer):
    key = serializers.CharField(read_only=True)

    class Meta:
        model = Methodology
        fields = [
            "id", "key", "name", "version", "kind", "title", "source", "created_at",
            "definition", "diagnostics",
        ]  # fmt: skip


class IndexResultSerializer(serializers.ModelSerializer):
    round = serializers.UUIDField(source="round.uid")
    round_end_date = serializers.DateField(source="round.end_date")
    location = serializers.UUIDField(source="location.uid")
    location_id = serializers.CharField(source="location.external_id")
    governorate = serializers.CharField(source="location.governorate.pcode")
    subdistrict = serializers.CharField(source="location.area.pcode")
    methodology = serializers.CharField(source="methodology.key")

    class Meta:
        model = IndexResult
        fields = [
            "round", "round_end_date", "location", "location_id", "governorate", "subdistrict",
            "methodology", "scale_scores", "score", "category", "very_high", "population",
            "answered", "status",
        ]  # fmt: skip


class HotspotSerializer(serializers.ModelSerializer):
    round = serializers.UUIDField(source="round.uid")
    subdistrict = serializers.CharField(source="subdistrict.pcode")
    subdistrict_name = serializers.CharField(source="subdistrict.name_en")
    methodology = serializers.CharField(source="methodology.key")

    class Meta:
        model = Hotspot
        fields = [
            "round", "subdistrict", "subdistrict_name", "methodology", "scale_scores",
            "population", "locations", "reason",
        ]  # fmt: skip
