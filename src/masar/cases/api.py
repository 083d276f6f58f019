"""/api/v1/households/, follow-ups and payments: scoped exactly like the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from masar.core.routers import router
from masar.geo.models import Location

from . import actions, queries
from .access import get_household_for_user, government_view, is_case_worker, sees_sensitive
from .serializers import (
    FollowUpCompletionSerializer,
    FollowUpSerializer,
    HouseholdDetailSerializer,
    HouseholdSerializer,
    PaymentSerializer,
    RegistrationSerializer,
    TransitionSerializer,
)


def _refusal(exc: ValidationError) -> Response:
    body = {"detail": " ".join(exc.messages), "code": getattr(exc, "code", None)}
    if isinstance(exc, actions.GuardsUnmet):
        body["unmet"] = exc.missing
    code = status.HTTP_409_CONFLICT if isinstance(exc, actions.StaleCase) else 400
    return Response(body, status=code)


class HouseholdViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Households in the caller's scope; `?search=` by name, phone, ID or case number."""

    permission_classes = [IsAuthenticated]
    lookup_field = "uid"

    def get_queryset(self):
        return queries.list_households(
            self.request.user,
            search=self.request.query_params.get("search", ""),
            state=self.request.query_params.get("state", ""),
        ).order_by("-registered_on", "-id")

    def get_serializer_class(self):
        if self.action == "create":
            return RegistrationSerializer
        if self.action == "retrieve" and not government_view(self.request.user):
            return HouseholdDetailSerializer
        return HouseholdSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "sensitive": sees_sensitive(self.request.user)}

    def get_object(self):
        return get_household_for_user(self.request.user, self.kwargs["uid"], via="api")

    @extend_schema(request=RegistrationSerializer, responses=HouseholdDetailSerializer)
    def create(self, request):
        if not is_case_worker(request.user):
            raise PermissionDenied
        serializer = RegistrationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        members = data.pop("members")
        data["current_site"] = data.pop("site")
        try:
            household = actions.register_household(request.user, data, members)
        except ValidationError as exc:
            return _refusal(exc)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        body = HouseholdDetailSerializer(household, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=TransitionSerializer, responses=HouseholdSerializer)
    @action(detail=True, methods=["post"])
    def transitions(self, request, uid=None):
        """Apply a workflow action; refusals list unmet guards (400) or a stale version (409)."""
        household = get_household_for_user(request.user, uid, via="api", log=False)
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data["data"])
        if data.get("location"):
            try:
                data["location"] = Location.objects.get(external_id=data["location"])
            except Location.DoesNotExist as exc:
                raise NotFound(f"Unknown location {data['location']!r}.") from exc
        try:
            household = actions.transition(
                request.user,
                household,
                serializer.validated_data["action"],
                data,
                expected_version=serializer.validated_data["version"],
            )
        except ValidationError as exc:
            return _refusal(exc)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return Response(HouseholdSerializer(household).data)

    @extend_schema(responses=PaymentSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def payments(self, request, uid=None):
        """List the case's payments, or approve a grant (`{"purpose": "departure"}`)."""
        household = get_household_for_user(request.user, uid, via="api", log=False)
        if not is_case_worker(request.user):
            raise NotFound
        if request.method == "POST":
            try:
                actions.approve_payment(request.user, household, request.data.get("purpose", ""))
            except ValidationError as exc:
                return _refusal(exc)
        payments = household.payments.select_related("household")
        return Response(PaymentSerializer(payments, many=True).data)


class FollowUpViewSet(viewsets.ReadOnlyModelViewSet):
    """Check-in calls and PRM surveys in scope; `?overdue=1` for the overdue ones."""

    serializer_class = FollowUpSerializer
    permission_classes = [IsAuthenticated]
    lookup_field = "uid"

    def get_queryset(self):
        if not is_case_worker(self.request.user):
            return queries.follow_ups_visible_to(self.request.user).none()
        if self.request.query_params.get("overdue"):
            return queries.overdue_follow_ups(self.request.user)
        return queries.follow_ups_visible_to(self.request.user)

    @extend_schema(request=FollowUpCompletionSerializer, responses=FollowUpSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, uid=None):
        follow_up = self.get_object()
        serializer = FollowUpCompletionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            result = actions.complete_follow_up(
                request.user, follow_up, **serializer.validated_data
            )
        except ValidationError as exc:
            return _refusal(exc)
        return Response(FollowUpSerializer(result.follow_up).data)


router.register("households", HouseholdViewSet, basename="household")
router.register("follow-ups", FollowUpViewSet, basename="follow-up")
