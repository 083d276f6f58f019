"""One location's master-list figures as collected in the field, written into a draft round.

An enumerator's update says, for one location, population type, origin and period, how many
families live in each shelter type and (when known) how many individuals in all. It replaces
what the round held for exactly that combination, so that sending a corrected update replaces
the first rather than adding to it. Individuals are apportioned across shelters as an import
does (`importing.estimates`), so collected and imported figures add up the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from masar.geo.models import AdminArea, Location

from .access import may_record_at
from .choices import Period, PopulationType, RoundStatus, Shelter
from .importing.estimates import individuals_per_shelter
from .models import Figure, Round


@dataclass(frozen=True)
class LocationUpdate:
    population_type: str
    families_by_shelter: dict[str, int]
    individuals: int | None = None
    origin: AdminArea | None = None
    period: str = ""


@transaction.atomic
def record_location_update(
    user, round_: Round, location: Location, update: LocationUpdate
) -> list[Figure]:
    """Replace the round's figures of this location, population, origin and period."""
    if not may_record_at(user, location):
        raise PermissionDenied(_("This location is outside the governorates of your grants."))
    if round_.status != RoundStatus.DRAFT:
        raise ValidationError(
            _("The round is %(status)s: figures are taken only while it is a draft.")
            % {"status": round_.get_status_display()}
        )
    if update.population_type not in PopulationType.values:
        raise ValidationError(
            _("Unknown population type %(value)s.") % {"value": update.population_type}
        )
    if update.period not in Period.values:
        raise ValidationError(_("Unknown period %(value)s.") % {"value": update.period})
    unknown = sorted(set(update.families_by_shelter) - set(Shelter.values))
    if unknown:
        raise ValidationError(
            _("Unknown shelter types: %(names)s.") % {"names": ", ".join(unknown)}
        )
    counts = [(shelter, n) for shelter, n in update.families_by_shelter.items() if n]
    if any(n < 0 for _shelter, n in counts) or (update.individuals or 0) < 0:
        raise ValidationError(_("Counts cannot be negative."))
    if update.individuals and not counts:
        raise ValidationError(_("Individuals are given but no families in any shelter type."))
    individuals = individuals_per_shelter(
        counts,
        update.individuals or None,
        float(round_.household_size),
        float(round_.camp_household_size),
    )
    Figure.objects.filter(
        round=round_,
        location=location,
        population_type=update.population_type,
        origin=update.origin,
        period=update.period,
    ).delete()
    return Figure.objects.bulk_create(
        Figure(
            round=round_,
            location=location,
            population_type=update.population_type,
            origin=update.origin,
            period=update.period,
            shelter=shelter,
            families=families,
            individuals=people,
        )
        for (shelter, families), people in zip(counts, individuals, strict=True)
    )
