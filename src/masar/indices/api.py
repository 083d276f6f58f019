"""Read endpoints for methodologies, index results and hotspots (on the shared /api/v1/ router)."""

import django_filters
from rest_framework import viewsets

from masar.accounts.grants import filter_by_governorate
from masar.core.routers import router
from masar.tracking.access import rounds_visible_to

from .models import Hotspot, IndexResult, Methodology
from .serializers import HotspotSerializer, IndexResultSerializer, MethodologySerializer


class MethodologyFilter(django_filters.FilterSet):
    class Meta:
        model = Methodology
        fields = ["name", "version", "kind"]


class ResultFilterMixin(django_filters.FilterSet):
    round = django_filters.UUIDFilter(field_name="round__uid")
    methodology = django_filters.CharFilter(
        method="filter_methodology", label="NAME or NAME@VERSION"
    )

    def filter_methodology(self, queryset, name, value):
        methodology, _, version = value.partition("@")
        queryset = queryset.filter(methodology__name=methodology)
        if version.isdigit():
            queryset = queryset.filter(methodology__version=int(version))
        return queryset


class IndexResultFilter(ResultFilterMixin):
    governorate = django_filters.CharFilter(field_name="location__governorate__pcode")
    location = django_filters.UUIDFilter(field_name="location__uid")

    class Meta:
        model = IndexResult
        fields = ["round", "methodology", "category", "governorate", "location", "status"]


class HotspotFilter(ResultFilterMixin):
    class Meta:
        model = Hotspot
        fields = ["round", "methodology", "reason"]


class MethodologyViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Methodology.objects.order_by("name", "-version")
    serializer_class = MethodologySerializer
    filterset_class = MethodologyFilter


class IndexResultViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IndexResultSerializer
    filterset_class = IndexResultFilter

    def get_queryset(self):
        queryset = IndexResult.objects.select_related(
            "round", "location__governorate", "location__area", "methodology"
        ).order_by("-round__end_date", "methodology__name", "location__external_id")
        queryset = queryset.filter(round__in=rounds_visible_to(self.request.user))
        return filter_by_governorate(queryset, self.request.user, "location__governorate__pcode")


class HotspotViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = HotspotSerializer
    filterset_class = HotspotFilter

    def get_queryset(self):
        queryset = Hotspot.objects.select_related("round", "subdistrict", "methodology").order_by(
            "-round__end_date", "methodology__name", "subdistrict__pcode"
        )
        queryset = queryset.filter(round__in=rounds_visible_to(self.request.user))
        return filter_by_governorate(
            queryset, self.request.user, "subdistrict__parent__parent__pcode"
        )


router.register("index-methodologies", MethodologyViewSet, basename="index-methodology")
router.register("index-results", IndexResultViewSet, basename="index-result")
router.register("hotspots", HotspotViewSet, basename="hotspot")
