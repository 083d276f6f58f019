"""/api/v1/tickets/: post tickets (call centres), list, search, open and move them along
(scoped like the pages; sensitive tickets only for PSEA focal points; detail by public UUID)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from masar.accounts.logged_api import LoggedReadsMixin
from masar.cases.access import get_household_for_user
from masar.core.lookups import UidLookup
from masar.core.routers import router
from masar.core.workflow_api import TransitionSerializer, refuse_text_in_query, run_transition

from . import actions, queries
from .access import can_handle, get_ticket_for_user
from .serializers import CreateTicketSerializer, TicketSearchSerializer, TicketSerializer
from .workflow import TICKET_WORKFLOW


class TicketViewSet(
    LoggedReadsMixin,
    UidLookup,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = TicketSerializer
    permission_classes = [IsAuthenticated]
    access_record_type = "ticket"

    def get_queryset(self, text: str = ""):
        return queries.search(self.request.user, self.request.query_params, text).select_related(
            "household"
        )

    def get_object(self):
        return get_ticket_for_user(self.request.user, self.kwargs["uid"], via="api")

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str),
            OpenApiParameter("type", str),
            OpenApiParameter("channel", str),
            OpenApiParameter("overdue", bool),
        ]
    )
    def list(self, request, *args, **kwargs):
        refuse_text_in_query(request)
        return super().list(request, *args, **kwargs)

    @extend_schema(request=TicketSearchSerializer, responses=TicketSerializer(many=True))
    @action(detail=False, methods=["post"])
    def search(self, request):
        """`{"search": "<reference, text, name or phone>"}`, with the list's other filters in
        the query string: the matching tickets, paged like the list."""
        body = TicketSearchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        tickets = self.filter_queryset(self.get_queryset(body.validated_data["search"]))
        page = self.paginate_queryset(tickets)
        if page is None:
            return Response(TicketSerializer(tickets, many=True).data)
        return self.get_paginated_response(TicketSerializer(page, many=True).data)

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

    @extend_schema(request=TransitionSerializer, responses=TicketSerializer)
    @action(detail=True, methods=["post"])
    def transitions(self, request, uid=None):
        """`{"action", "data", "version"}`: assign (`data.assignee`: a username), start,
        respond, close, close_unanswerable, reopen. Refused: 400 (state, guard or input, with
        `unmet` or `errors`), 409 (stale version), 403 (a reader, not a handler)."""
        ticket = self.get_object()
        return run_transition(
            TICKET_WORKFLOW, request, ticket, lambda saved: TicketSerializer(saved).data
        )


router.register("tickets", TicketViewSet, basename="ticket")
