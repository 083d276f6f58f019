"""Tracking endpoints: rounds, figures by area, location histories, emergencies, imports."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from masar.core.routers import router
from masar.geo.access import get_location_for_user

from . import emergencies, queries
from .access import can_manage, get_event, get_round
from .importing import ImportRejected, import_upload
from .models import EmergencyEvent
from .serializers import (
    EmergencyEventSerializer,
    EmergencyUpdateSerializer,
    FigureRowSerializer,
    ImportUploadSerializer,
    LocationHistorySerializer,
    RoundSerializer,
)

LEVELS = {"country": 0, "governorate": 1, "district": 2}


class RoundViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RoundSerializer
    permission_classes = [IsAuthenticated]
    lookup_field = "uid"

    def get_queryset(self):
        return queries.rounds_visible_to(self.request.user)


class FigureViewSet(viewsets.ViewSet):
    """Totals by area: `?round=UID&level=country|governorate|district&population=idp|returnee`."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("round", str, required=True),
            OpenApiParameter("level", str, enum=list(LEVELS)),
            OpenApiParameter("population", str, enum=["idp", "returnee"]),
        ],
        responses=FigureRowSerializer(many=True),
    )
    def list(self, request):
        level = request.query_params.get("level", "governorate")
        if level not in LEVELS:
            return Response({"detail": f"level must be one of {', '.join(LEVELS)}"}, status=400)
        round_ = get_round(request.user, request.query_params.get("round"))
        rows = queries.area_figures(
            round_, LEVELS[level], request.query_params.get("population") or None
        )
        return Response(FigureRowSerializer(rows, many=True).data)


class LocationHistoryViewSet(viewsets.ViewSet):
    """A location's totals per round: `/api/v1/location-histories/{location uid}/`."""

    permission_classes = [IsAuthenticated]
    lookup_field = "uid"

    @extend_schema(responses=LocationHistorySerializer(many=True))
    def retrieve(self, request, uid=None):
        location = get_location_for_user(request.user, uid)
        return Response(
            LocationHistorySerializer(queries.location_history(location), many=True).data
        )


class EmergencyEventViewSet(viewsets.ModelViewSet):
    serializer_class = EmergencyEventSerializer
    permission_classes = [IsAuthenticated]
    lookup_field = "uid"
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return EmergencyEvent.objects.all()

    def get_object(self):
        return get_event(self.request.user, self.kwargs["uid"])

    def perform_create(self, serializer):
        if not can_manage(self.request.user):
            raise PermissionDenied
        serializer.instance = emergencies.create_event(self.request.user, serializer.validated_data)

    @extend_schema(
        request=EmergencyUpdateSerializer, responses=EmergencyUpdateSerializer(many=True)
    )
    @action(detail=True, methods=["get", "post"])
    def updates(self, request, uid=None):
        event = self.get_object()
        if request.method == "POST":
            if not can_manage(request.user):
                raise PermissionDenied
            data = EmergencyUpdateSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            values = dict(data.validated_data)
            values["location"] = values.pop("location")["external_id"]
            try:
                emergencies.record_update(request.user, event, values)
            except ValidationError as exc:
                return Response({"detail": " ".join(exc.messages)}, status=400)
        updates = event.updates.select_related("location")
        return Response(EmergencyUpdateSerializer(updates, many=True).data)


class ImportViewSet(viewsets.ViewSet):
    """Upload a master list (multipart); the answer is the same report the command prints."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=ImportUploadSerializer, responses={201: dict, 200: dict, 422: dict})
    def create(self, request):
        if not can_manage(request.user):
            raise NotFound
        serializer = ImportUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            report = import_upload(data["file"], data, user=request.user)
        except ImportRejected as rejected:
            return Response(rejected.report, status=422)
        code = status.HTTP_200_OK if data["dry_run"] else status.HTTP_201_CREATED
        return Response(report, status=code)


router.register("rounds", RoundViewSet, basename="round")
router.register("figures", FigureViewSet, basename="figure")
router.register("location-histories", LocationHistoryViewSet, basename="location-history")
router.register("emergencies", EmergencyEventViewSet, basename="emergency")
router.register("imports", ImportViewSet, basename="import")
