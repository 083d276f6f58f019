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

from masar.accounts.logged_api import LoggedReadsMixin
from masar.core.lookups import UidLookup
from masar.core.routers import router
from masar.core.workflow_api import (
    TransitionSerializer,
    refusal,
    refuse_text_in_query,
    run_transition,
)

from . import actions, queries
from .access import get_household_for_user, government_view, is_case_worker, sees_sensitive
from .serializers import (
    CaseSearchSerializer,
    FollowUpCompletionSerializer,
    FollowUpSerializer,
    HouseholdDetailSerializer,
    HouseholdSerializer,
    PaymentSerializer,
    RegistrationSerializer,
)
from .workflow import WORKFLOW


class HouseholdViewSet(
    LoggedReadsMixin,
    UidLookup,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Households in the caller's scope, `?state=` filtering them; searching by name, phone,
    ID or case number is a POST to `search/`, so that the text never lands in a URL."""

    permission_classes = [IsAuthenticated]
    access_record_type = "household"

    def get_queryset(self):
        return queries.list_households(
            self.request.user, state=self.request.query_params.get("state", "")
        ).order_by("-registered_on", "-id")

    def list(self, request, *args, **kwargs):
        refuse_text_in_query(request)
        return super().list(request, *args, **kwargs)

    @extend_schema(request=CaseSearchSerializer, responses=HouseholdSerializer(many=True))
    @action(detail=False, methods=["post"])
    def search(self, request):
        """`{"search": "<name, phone, ID or case number>", "state": "…"}`: the matching
        households, paged like the list (`?limit=`, `?offset=`)."""
        body = CaseSearchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        households = queries.list_households(
            request.user, search=body.validated_data["search"], state=body.validated_data["state"]
        ).order_by("-registered_on", "-id")
        page = self.paginate_queryset(households)
        serializer = HouseholdSerializer(page if page is not None else households, many=True)
        if page is None:
            return Response(serializer.data)
        return self.get_paginated_response(serializer.data)

    def get_serializer_class(self):
        if self.action == "create":
            return RegistrationSerializer
        return HouseholdSerializer

    def get_object(self):
        return get_household_for_user(self.request.user, self.kwargs["uid"], via="api")

    def _detail(self, household) -> dict:
        """The full case, unless the user sees it only as the authorities do."""
        user = self.request.user
        if government_view(user, household):
            return HouseholdSerializer(household).data
        context = {**self.get_serializer_context(), "sensitive": sees_sensitive(user, household)}
        return HouseholdDetailSerializer(household, context=context).data

    @extend_schema(responses=HouseholdDetailSerializer)
    def retrieve(self, request, uid=None):
        return Response(self._detail(self.get_object()))

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
            return refusal(exc)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return Response(self._detail(household), status=status.HTTP_201_CREATED)

    @extend_schema(request=TransitionSerializer, responses=HouseholdSerializer)
    @action(detail=True, methods=["post"])
    def transitions(self, request, uid=None):
        """Apply a workflow action; refusals list unmet guards (400) or a stale version (409)."""
        household = get_household_for_user(request.user, uid, via="api", log=False)
        return run_transition(
            WORKFLOW, request, household, lambda saved: HouseholdSerializer(saved).data
        )

    @extend_schema(responses=PaymentSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def payments(self, request, uid=None):
        """List the case's payments, or approve a grant (`{"purpose": "departure"}`)."""
        # Listing them is a read (logged); approving one is a write, in the case's history.
        opened = request.method == "GET"
        household = get_household_for_user(request.user, uid, via="api", log=opened)
        if not is_case_worker(request.user):
            raise NotFound
        if request.method == "POST":
            body = request.data if isinstance(request.data, dict) else {}
            try:
                actions.approve_payment(request.user, household, str(body.get("purpose", "")))
            except ValidationError as exc:
                return refusal(exc)
        payments = household.payments.select_related("household")
        return Response(PaymentSerializer(payments, many=True).data)


class FollowUpViewSet(LoggedReadsMixin, UidLookup, viewsets.ReadOnlyModelViewSet):
    """Check-in calls and PRM surveys in scope; `?overdue=1` for the overdue ones."""

    serializer_class = FollowUpSerializer
    permission_classes = [IsAuthenticated]
    access_record_type = "follow_up"

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
            return refusal(exc)
        return Response(FollowUpSerializer(result.follow_up).data)


router.register("households", HouseholdViewSet, basename="household")
router.register("follow-ups", FollowUpViewSet, basename="follow-up")
