from datetime import date

from django.contrib.auth import get_user_model

from masar.tracking.models import Figure, Round
from masar.tracking.workflow import ROUND_WORKFLOW


def round_with_figures(end: date, rows: list[tuple], **fields) -> Round:
    """A round ending on `end` (from the first of its month; a draft unless `status` says
    otherwise) with (location, population type, shelter, families, individuals) figures."""
    round_ = Round.objects.create(start_date=date(end.year, end.month, 1), end_date=end, **fields)
    Figure.objects.bulk_create(
        Figure(
            round=round_,
            location=place,
            population_type=population,
            shelter=shelter,
            families=families,
            individuals=individuals,
        )
        for place, population, shelter, families, individuals in rows
    )
    return round_


def release(round_: Round, manager, *, publish: bool = True, publisher=None) -> Round:
    """Validate a round with its figures through the lifecycle as `manager`, and publish it as
    `publisher` — by default the other tracking manager of the personas (IM officer `im` and
    administrator `root`), since whoever validates a round does not also publish it."""
    round_ = ROUND_WORKFLOW.run(manager, round_, "validate")
    if not publish:
        return round_
    if publisher is None:
        other = "root" if manager.get_username() != "root" else "im"
        publisher = get_user_model().objects.get(username=other)
    return ROUND_WORKFLOW.run(publisher, round_, "publish")
