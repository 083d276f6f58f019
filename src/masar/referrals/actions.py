"""Writes of the referrals app: publishing services and sending referrals (moving them along
is the lifecycle's, in `workflow.py`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from masar.accounts.models import Organisation
from masar.cases.choices import FINAL_STATES, Relationship
from masar.cases.models import Household
from masar.core.numbering import next_case_number
from masar.geo.models import AdminArea, Location

from . import events
from .access import can_manage_service, may_refer_without_consent, require_sender
from .models import Referral, Service

SHAREABLE = ("name", "phone", "location", "need")


@transaction.atomic
def publish_service(
    user,
    organisation: Organisation,
    data: dict,
    governorates: Iterable[AdminArea],
    districts: Iterable[AdminArea] = (),
) -> Service:
    """A partner publishes a service in the catalogue (or an administrator does it for them)."""
    if not can_manage_service(user, organisation.pk):
        raise PermissionDenied(_("You cannot publish services for this organisation."))
    if not governorates:
        raise ValidationError(_("Name at least one governorate the service covers."))
    service = Service.objects.create(organisation=organisation, **data)
    service.governorates.set(governorates)
    service.districts.set(districts)
    return service


def service_location(household: Household) -> Location | None:
    """Where the household receives services: where it arrived, else its destination or site."""
    arrival = household.arrivals.select_related("location__area").order_by("-id").first()
    if arrival is not None:
        return arrival.location
    return household.destination or household.current_location


def service_covers(service: Service, location: Location | None) -> bool:
    if location is None:
        return False
    districts = {d.pcode for d in service.districts.all()}
    if districts:
        return location.area.pcode[:8] in districts
    return service.governorates.filter(pk=location.governorate_id).exists()


@transaction.atomic
def send_referral(
    user,
    household: Household,
    service: Service,
    *,
    reason: str,
    urgency: str = "normal",
    share: set[str] | frozenset[str] = frozenset(SHAREABLE),
    need: str = "",
    override_reason: str = "",
) -> Referral:
    """Refer a household to a partner's service, sharing only what the sender chose.

    Sending needs the household's consent to referral; without it only a supervisor can send,
    recording an emergency override with its reason.
    """
    require_sender(user, household)
    if household.state in FINAL_STATES:
        raise ValidationError(_("The case is closed."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the referral."))
    if not service.active:
        raise ValidationError(_("This service is no longer offered."))
    override_by = None
    if not household.consent_referral:
        if not override_reason.strip():
            raise ValidationError(_("The household has not consented to referral to partners."))
        if not may_refer_without_consent(user, household):
            raise PermissionDenied(_("Only a supervisor can refer without consent."))
        override_by = user
    location = service_location(household)
    if location is None or not service_covers(service, location):
        raise ValidationError(_("This service does not cover the household's location."))
    head = household.members.filter(relationship=Relationship.HEAD).first()
    referral = Referral.objects.create(
        reference=next_case_number("REF", timezone.localdate().year),
        household=household,
        service=service,
        from_organisation=household.organisation,
        to_organisation=service.organisation,
        governorate=location.governorate,
        sent_by=user,
        reason=reason.strip(),
        urgency=urgency,
        shared_name=head.full_name if head and "name" in share else "",
        shared_phone=head.phone if head and "phone" in share else "",
        shared_location=location if "location" in share else None,
        need=need if "need" in share else "",
        consent_override_by=override_by,
        consent_override_reason=override_reason.strip() if override_by else "",
    )
    events.sent(referral, user, override_reason)
    return referral
