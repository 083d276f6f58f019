from rest_framework import serializers

from .models import AdminArea, Location, Site


class AdminAreaSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(
        source="parent.pcode", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = AdminArea
        fields = ["pcode", "level", "name_en", "name_ar", "name_ku", "parent"]


class LocationSerializer(serializers.ModelSerializer):
    area = serializers.CharField(source="area.pcode", read_only=True)
    governorate = serializers.CharField(source="governorate.pcode", read_only=True)

    class Meta:
        model = Location
        fields = [
            "uid",
            "external_id",
            "name_en",
            "name_ar",
            "area",
            "governorate",
            "latitude",
            "longitude",
            "settlement",
        ]


class SiteSerializer(serializers.ModelSerializer):
    location = serializers.UUIDField(source="location.uid", read_only=True)
    governorate = serializers.CharField(source="governorate.pcode", read_only=True)

    class Meta:
        model = Site
        fields = [
            "uid",
            "external_id",
            "name",
            "name_ar",
            "kind",
            "status",
            "opened_on",
            "closed_on",
            "location",
            "governorate",
        ]
