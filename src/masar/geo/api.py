"""Read endpoints for areas, locations and sites (registered on the shared /api/v1/ router)."""

import django_filters
from rest_framework import viewsets

from masar.core.lookups import UidLookup
from masar.core.routers import router

from .access import locations_visible_to, sites_visible_to
from .models import AdminArea, Location, Site
from .serializers import AdminAreaSerializer, LocationSerializer, SiteSerializer


class AreaFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(field_name="parent__pcode", label="Parent P-code")
    level = django_filters.NumberFilter()

    class Meta:
        model = AdminArea
        fields = ["parent", "level"]


class WithinAreaFilter(django_filters.FilterSet):
    """`?area=PCODE` keeps rows anywhere under that area (P-codes nest)."""

    area = django_filters.CharFilter(
        field_name="area__pcode", lookup_expr="startswith", label="Within area (P-code)"
    )
    governorate = django_filters.CharFilter(field_name="governorate__pcode")


class LocationFilter(WithinAreaFilter):
    class Meta:
        model = Location
        fields = ["area", "governorate", "settlement"]


class SiteFilter(WithinAreaFilter):
    area = django_filters.CharFilter(
        field_name="location__area__pcode", lookup_expr="startswith", label="Within area (P-code)"
    )

    class Meta:
        model = Site
        fields = ["area", "governorate", "kind", "status"]


class AreaViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = AdminArea.objects.select_related("parent").order_by("pcode")
    serializer_class = AdminAreaSerializer
    filterset_class = AreaFilter
    lookup_field = "pcode"


class LocationViewSet(UidLookup, viewsets.ReadOnlyModelViewSet):
    serializer_class = LocationSerializer
    filterset_class = LocationFilter

    def get_queryset(self):
        return locations_visible_to(self.request.user).select_related("area", "governorate")


class SiteViewSet(UidLookup, viewsets.ReadOnlyModelViewSet):
    serializer_class = SiteSerializer
    filterset_class = SiteFilter

    def get_queryset(self):
        return sites_visible_to(self.request.user).select_related("location", "governorate")


router.register("areas", AreaViewSet, basename="area")
router.register("locations", LocationViewSet, basename="location")
router.register("sites", SiteViewSet, basename="site")
