"""Writes of the referrals app: publishing services, sending referrals, moving them along."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from masar.accounts.scope import get_scope
from masar.cases import events as case_events
from masar.cases.access import can_override, households_visible_to
from masar.cases.choices import FINAL_STATES, Relationship
from masar.cases.models import Household
from masar.core.numbering import next_case_number

from .access import can_manage_service, is_receiver, is_sender
from .choices import LIFECYCLE, ReferralStatus
from .models import Referral, ReferralEvent, Service

SHAREABLE = ("name", "phone", "location", "need")


@transaction.atomic
def publish_service(user, organisation, data: dict, governorates, districts=()) -> Service:
    """A partner publishes a service in the catalogue (or an administrator does it for them)."""
    if not can_manage_service(user, organisation.pk):
        raise PermissionDenied(_("You cannot publish services for this organisation."))
    if not governorates:
        raise ValidationError(_("Name at least one governorate the service covers."))
    service = Service.objects.create(organisation=organisation, **data)
    service.governorates.set(governorates)
    service.districts.set(districts)
    return service


def service_location(household: Household):
    """Where the household receives services: where it arrived, else its destination or site."""
    arrival = household.arrivals.select_related("location__area").order_by("-id").first()
    if arrival is not None:
        return arrival.location
    return household.destination or household.current_location


def service_covers(service: Service, location) -> bool:
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
    scope = get_scope(user)
    if not scope.has_role("case_worker", "case_supervisor", "admin") or not (
        households_visible_to(user).filter(pk=household.pk).exists()
    ):
        raise PermissionDenied(_("You cannot refer this household."))
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
        if not can_override(user):
            raise PermissionDenied(_("Only a supervisor can refer without consent."))
        override_by = user
    location = service_location(household)
    if not service_covers(service, location):
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
    _event(referral, user, "send", "", ReferralStatus.SENT, override_reason)
    return referral


@transaction.atomic
def act_on_referral(
    user,
    referral: Referral,
    action: str,
    *,
    reason: str = "",
    outcome: str = "",
    service_date: date | None = None,
) -> Referral:
    """Move a referral along: the receiver accepts and delivers, the sender withdraws."""
    if action not in LIFECYCLE:
        raise ValidationError(_("Unknown action."))
    sources, target, who, needs = LIFECYCLE[action]
    allowed = is_receiver(user, referral) if who == "receiver" else is_sender(user, referral)
    if not allowed:
        raise PermissionDenied(_("You cannot do this on this referral."))
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status not in sources:
        raise ValidationError(
            _("This referral is %(status)s: that is no longer possible.")
            % {"status": referral.get_status_display()}
        )
    if needs == "reason" and not reason.strip():
        raise ValidationError(_("Give a reason."))
    if needs == "outcome" and not outcome.strip():
        raise ValidationError(_("Describe the service delivered."))
    previous = referral.status
    now = timezone.now()
    referral.status = target
    if target == ReferralStatus.ACCEPTED:
        referral.accepted_at = now
    if target in (
        ReferralStatus.COMPLETED,
        ReferralStatus.CLOSED_NO_SERVICE,
        ReferralStatus.DECLINED,
        ReferralStatus.WITHDRAWN,
    ):
        referral.finished_at = now
    if outcome:
        referral.outcome = outcome.strip()
        referral.service_date = service_date or timezone.localdate()
    if reason:
        referral.status_reason = reason.strip()
    referral.save()
    _event(referral, user, action, previous, target, reason or outcome)
    return referral


def _event(referral: Referral, user, action: str, previous: str, target: str, note: str) -> None:
    ReferralEvent.objects.create(
        referral=referral,
        action=action,
        from_status=previous,
        to_status=target,
        actor=user,
        note=note,
    )
    # The case timeline shows the change too (without the partner's notes about the person).
    case_events.referral_event(
        referral.household,
        user,
        action,
        {"referral": str(referral.uid), "reference": referral.reference, "status": target},
    )
