"""Departure lists: households leaving a site together on one date."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from masar.geo.models import Site

from .. import events
from ..access import registering_organisation, require_household
from ..choices import CaseState
from ..models import Departure, DepartureList, Household
from ..workflow import WORKFLOW


@transaction.atomic
def create_departure_list(user, site: Site, departure_date: date) -> DepartureList:
    """A list for the user's organisation at a site its case grant covers."""
    organisation_id = registering_organisation(user, site.governorate.pcode)
    departure_list, _created = DepartureList.objects.get_or_create(
        site=site,
        departure_date=departure_date,
        organisation_id=organisation_id,
        defaults={"created_by": user, "governorate": site.governorate},
    )
    return departure_list


@transaction.atomic
def add_to_departure_list(user, departure_list: DepartureList, household: Household) -> Departure:
    """Put a scheduled household on a list (the list's date becomes its planned date)."""
    require_household(user, household)
    if departure_list.departed:
        raise ValidationError(_("This list has already departed."))
    if household.state != CaseState.DEPARTURE_SCHEDULED:
        raise ValidationError(_("Only households with a scheduled departure can be listed."))
    departure = household.departures.filter(cancelled=False, departed_on=None).first()
    if departure is None:
        raise ValidationError(_("The household has no scheduled departure."))
    departure.departure_list = departure_list
    departure.planned_on = departure_list.departure_date
    departure.save(update_fields=["departure_list", "planned_on"])
    events.record_added(household, user, "listed", {"departure_list": str(departure_list.uid)})
    return departure


@transaction.atomic
def depart_list(user, departure_list: DepartureList, *, departed_on: date) -> int:
    """Mark every household still scheduled on the list as departed together."""
    count = 0
    for departure in departure_list.departures.select_related("household").filter(
        cancelled=False, departed_on=None
    ):
        if departure.household.state == CaseState.DEPARTURE_SCHEDULED:
            WORKFLOW.run(
                user, departure.household, "depart", {"departed_on": departed_on}, today=departed_on
            )
            count += 1
    departure_list.departed = True
    departure_list.save(update_fields=["departed"])
    return count
