"""/api/v1/services/ and /api/v1/referrals/ (scoped like the pages; detail by public UUID)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from masar.accounts.logged_api import LoggedReadsMixin
from masar.cases.access import get_household_for_user
from masar.core.lookups import UidLookup
from masar.core.routers import router
from masar.core.workflow_api import TransitionSerializer, run_transition

from . import actions
from .access import get_referral_for_user, referrals_visible_to, services_visible_to
from .serializers import (
    ReferralSerializer,
    SendReferralSerializer,
    ServiceSerializer,
)
from .workflow import REFERRAL_WORKFLOW


class ServiceViewSet(UidLookup, viewsets.ReadOnlyModelViewSet):
    serializer_class = ServiceSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["sector"]

    def get_queryset(self):
        return services_visible_to(self.request.user).filter(active=True)


class ReferralViewSet(
    LoggedReadsMixin,
    UidLookup,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ReferralSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["status"]
    access_record_type = "referral"

    def get_queryset(self):
        return referrals_visible_to(self.request.user).select_related(
            "service", "to_organisation", "from_organisation", "shared_location"
        )

    def get_object(self):
        return get_referral_for_user(self.request.user, self.kwargs["uid"], via="api")

    @extend_schema(request=SendReferralSerializer, responses=ReferralSerializer)
    def create(self, request):
        serializer = SendReferralSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        household = get_household_for_user(request.user, data.pop("household"), via="api")
        try:
            service = services_visible_to(request.user).get(uid=data.pop("service"), active=True)
        except Exception as exc:
            raise NotFound("Unknown service.") from exc
        try:
            referral = actions.send_referral(
                request.user, household, service, **{**data, "share": set(data["share"])}
            )
        except ValidationError as exc:
            return Response({"detail": " ".join(exc.messages)}, status=400)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TransitionSerializer, responses=ReferralSerializer)
    @action(detail=True, methods=["post"])
    def transitions(self, request, uid=None):
        """`{"action", "data", "version"}`: accept, decline, start, complete,
        close_without_service (the receiver); withdraw (the sender). Refused: 400 (state or
        input, with `errors` per field), 409 (stale version), 403 (not yours to take)."""
        referral = self.get_object()
        return run_transition(
            REFERRAL_WORKFLOW, request, referral, lambda saved: ReferralSerializer(saved).data
        )


router.register("services", ServiceViewSet, basename="service")
router.register("referrals", ReferralViewSet, basename="referral")
