"""Feedback plugged into cases: a referral opened from a ticket takes its need from the ticket
(see `masar.cases.hooks`)."""

from __future__ import annotations

from django.http import Http404

from masar.cases.hooks import referral_prefill

from .access import get_ticket_for_user


@referral_prefill.register
def need_from_ticket(user, household, params) -> dict | None:
    """The ticket's description and reference, when `params` names a ticket of this household
    that the user may see (the read is logged like the ticket page's)."""
    uid = params.get("ticket")
    if not uid:
        return None
    try:
        ticket = get_ticket_for_user(user, uid)
    except Http404:
        return None
    if ticket.household_id != household.pk:
        return None
    return {"need": ticket.description[:200], "reason": ticket.reference}
