"""Departure and reinstallation grants: approved once per purpose, paid by someone else."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import events
from ..access import require_household
from ..choices import CaseState, PaymentPurpose, PaymentStatus
from ..models import Household, Payment

APPROVABLE_IN: dict[str, frozenset[str]] = {
    PaymentPurpose.DEPARTURE: frozenset(
        {CaseState.DEPARTURE_SCHEDULED, CaseState.DEPARTED, CaseState.ARRIVED, CaseState.MONITORING}
    ),
    PaymentPurpose.REINSTALLATION: frozenset({CaseState.ARRIVED, CaseState.MONITORING}),
}


def grant_amount(purpose: str) -> int:
    keys: dict[str, str] = {
        PaymentPurpose.DEPARTURE: "DEPARTURE_GRANT_IQD",
        PaymentPurpose.REINSTALLATION: "REINSTALLATION_GRANT_IQD",
    }
    key = keys[purpose]
    return settings.MASAR[key]


@transaction.atomic
def approve_payment(
    user,
    household: Household,
    purpose: str,
    *,
    approved_on: date | None = None,
    at: datetime | None = None,
) -> Payment:
    """Approve a grant; a household is never paid twice for the same purpose."""
    require_household(user, household)
    if purpose not in PaymentPurpose.values:
        raise ValidationError(_("Unknown payment purpose."))
    if household.state not in APPROVABLE_IN[purpose]:
        raise ValidationError(_("This grant cannot be approved in the case's current state."))
    if household.payments.filter(purpose=purpose).exclude(status=PaymentStatus.CANCELLED).exists():
        raise ValidationError(_("This household already has this grant."))
    payment = Payment.objects.create(
        household=household,
        purpose=purpose,
        amount_iqd=grant_amount(purpose),
        approved_on=approved_on or timezone.localdate(),
        approved_by=user,
    )
    events.payment_event(
        household, user, "approved", {"payment_id": payment.pk, "purpose": purpose}, at
    )
    return payment


@transaction.atomic
def mark_payment_paid(
    user, payment: Payment, *, paid_on: date, channel: str, at: datetime | None = None
) -> Payment:
    """Record the payout. Separation of duties: the approver may not also pay, unless the
    deployment turns that off (`GRANT_APPROVER_MAY_PAY`, for one-person offices)."""
    require_household(user, payment.household)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status != PaymentStatus.APPROVED:
        raise ValidationError(_("Only an approved payment can be marked paid."))
    if payment.approved_by_id == user.pk and not settings.MASAR["GRANT_APPROVER_MAY_PAY"]:
        raise PermissionDenied(_("Whoever approved a grant cannot also mark it paid."))
    payment.status = PaymentStatus.PAID
    payment.paid_on = paid_on
    payment.channel = channel
    payment.save(update_fields=["status", "paid_on", "channel"])
    events.payment_event(
        payment.household,
        user,
        "paid",
        {"payment_id": payment.pk, "purpose": payment.purpose},
        at,
    )
    return payment
