"""/api/v1/tickets/: post tickets (call centres), list, search and open them (scoped like the
pages; sensitive tickets only for PSEA focal points; detail by public UUID)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from masar.cases.access import get_household_for_user
from masar.core.routers import router

from . import actions, queries
from .access import can_handle, get_ticket_for_user
from .serializers import CreateTicketSerializer, TicketSerializer


class TicketViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = TicketSerializer
    permission_classes = [IsAuthenticated]
    lookup_field = "uid"

    def get_queryset(self):
        return queries.search(self.request.user, self.request.query_params).select_related(
            "household"
        )

    def get_object(self):
        return get_ticket_for_user(self.request.user, self.kwargs["uid"], via="api")

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str, description="reference, text, name or phone"),
            OpenApiParameter("status", str),
            OpenApiParameter("type", str),
            OpenApiParameter("channel", str),
            OpenApiParameter("overdue", bool),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=CreateTicketSerializer, responses=TicketSerializer)
    def create(self, request):
        if not can_handle(request.user):
            raise PermissionDenied("You cannot record feedback.")
        serializer = CreateTicketSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        household = data.pop("household", None)
        if household is not None:
            data["household"] = get_household_for_user(request.user, household, via="api")
        try:
            ticket = actions.create_ticket(request.user, data, source="api")
        except ValidationError as exc:
            return Response({"detail": " ".join(exc.messages)}, status=400)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return Response(TicketSerializer(ticket).data, status=status.HTTP_201_CREATED)


router.register("tickets", TicketViewSet, basename="ticket")
