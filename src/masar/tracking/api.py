"""Tracking endpoints: rounds, figures by area, location histories, emergencies, imports."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from masar.core.lookups import UidLookup
from masar.core.routers import router
from masar.core.workflow_api import TransitionSerializer, run_transition
from masar.geo.access import get_location_for_user

from . import emergencies, queries
from .access import can_manage, get_event, get_round, rounds_visible_to
from .importing import ImportRejected, import_upload
from .models import EmergencyEvent
from .serializers import (
    LEVELS,
    EmergencyEventSerializer,
    EmergencyUpdateSerializer,
    FigureQuerySerializer,
    FigureRowSerializer,
    ImportUploadSerializer,
    LocationHistorySerializer,
    RoundSerializer,
)
from .workflow import ROUND_WORKFLOW, emergency_workflow


class RoundViewSet(UidLookup, viewsets.ReadOnlyModelViewSet):
    """Rounds the user may see: every status for tracking managers, published ones otherwise."""

    serializer_class = RoundSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return rounds_visible_to(self.request.user)

    def get_object(self):
        return get_round(self.request.user, self.kwargs["uid"])

    @extend_schema(request=TransitionSerializer, responses=RoundSerializer)
    @action(detail=True, methods=["post"])
    def transitions(self, request, uid=None):
        """`{"action", "data", "version"}`: acknowledge (`data.warning`, `data.note`), validate,
        publish (optional `data.embargo_until`), withdraw and reopen (`data.reason`). Refused:
        400 (state, guard or input, with `unmet` or `errors`), 409 (stale version), 403 (not a
        tracking manager); a round out of sight answers 404."""
        round_ = self.get_object()
        return run_transition(
            ROUND_WORKFLOW, request, round_, lambda saved: RoundSerializer(saved).data
        )


class FigureViewSet(viewsets.ViewSet):
    """Totals by area: `?round=UID&level=country|governorate|district&population=idp|returnee`."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[FigureQuerySerializer], responses=FigureRowSerializer(many=True))
    def list(self, request):
        query = FigureQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        round_ = get_round(request.user, query.validated_data["round"])
        rows = queries.area_figures(
            round_,
            LEVELS[query.validated_data["level"]],
            request.user,
            query.validated_data.get("population") or None,
        )
        return Response(FigureRowSerializer(rows, many=True).data)


class LocationHistoryViewSet(UidLookup, viewsets.ViewSet):
    """A location's totals per round: `/api/v1/location-histories/{location uid}/`."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=LocationHistorySerializer(many=True))
    def retrieve(self, request, uid=None):
        location = get_location_for_user(request.user, uid)
        return Response(
            LocationHistorySerializer(
                queries.location_history(location, request.user), many=True
            ).data
        )


class EmergencyEventViewSet(UidLookup, viewsets.ModelViewSet):
    serializer_class = EmergencyEventSerializer
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return EmergencyEvent.objects.all()

    def get_object(self):
        return get_event(self.request.user, self.kwargs["uid"])

    def perform_create(self, serializer):
        if not can_manage(self.request.user):
            raise PermissionDenied
        serializer.instance = emergencies.create_event(self.request.user, serializer.validated_data)

    @extend_schema(request=TransitionSerializer, responses=EmergencyEventSerializer)
    @action(detail=True, methods=["post"])
    def transitions(self, request, uid=None):
        """`{"action", "data"}`: close, reopen (its status); publish, withdraw (with
        `data.reason`: its figures on the public dashboard). The only way either changes.
        Refused: 400 (state, guards, input), 403 (not a tracking manager)."""
        event = self.get_object()
        action = request.data.get("action") if isinstance(request.data, dict) else None
        return run_transition(
            emergency_workflow(str(action or "")),
            request,
            event,
            lambda saved: EmergencyEventSerializer(saved).data,
        )

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
