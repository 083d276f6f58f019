"""Demo rounds: six master-list rounds across 2022–2024, and a drought emergency in the south.

Calibrated on DTM Iraq's order of magnitude: about 1.2 million IDPs falling towards 1.05 million,
about 4.85 million returnees rising, camp populations shrinking as camps close. Every figure is a
fact row, so the round pages' totals are sums of what is generated here. Each round goes through
the lifecycle's own `run()`: validated by the IM officer and published by a second person (the
administrator) weeks after the period (one withdrawn and reopened on the way for a correction),
the latest validated but not yet published.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from masar.core.demo import DemoContext, step
from masar.geo.demo import IDP_SHARE, plan_locations
from masar.geo.models import AdminArea, Location, Site

from .choices import EmergencyCause, Period
from .models import EmergencyEvent, EmergencyUpdate, Figure, Round
from .workflow import EMERGENCY_PUBLICATION, ROUND_WORKFLOW

ROUNDS = [
    (124, date(2022, 1, 1), date(2022, 2, 28)),
    (125, date(2022, 5, 1), date(2022, 6, 30)),
    (127, date(2022, 11, 1), date(2022, 12, 31)),
    (129, date(2023, 5, 1), date(2023, 6, 30)),
    (131, date(2023, 11, 1), date(2023, 12, 31)),
    (133, date(2024, 5, 1), date(2024, 6, 30)),
]
ORIGINS = {"IQG15": 0.45, "IQG01": 0.2, "IQG16": 0.15, "IQG13": 0.08, "IQG10": 0.07, "IQG08": 0.05}
PERIODS = [
    (Period.PRE_JUNE_2014, 0.05), (Period.JUN_JUL_2014, 0.35), (Period.AUG_2014, 0.25),
    (Period.POST_SEP_2014, 0.1), (Period.POST_APR_2015, 0.1), (Period.POST_MAR_2016, 0.15),
]  # fmt: skip
IDP_SHELTERS = [
    ("rented_house", 0.45), ("with_relatives", 0.12), ("own_house", 0.1), ("host_family", 0.05),
    ("abandoned_building", 0.08), ("informal_settlement", 0.08), ("religious_building", 0.02),
    ("school", 0.01), ("collective_centre", 0.03), ("rented_unfit", 0.04), ("unknown", 0.02),
]  # fmt: skip
RETURN_SHELTERS = [
    ("own_house", 0.88), ("rented_house", 0.06), ("with_relatives", 0.02),
    ("abandoned_building", 0.02), ("informal_settlement", 0.02),
]  # fmt: skip
LAST_DISPLACEMENT = {"IQG11": 0.3, "IQG09": 0.25, "IQG08": 0.15, "IQG13": 0.1, "IQG06": 0.1,
                     "IQG15": 0.1}  # fmt: skip
SOUTH = ("IQG17", "IQG14", "IQG02", "IQG03")
# Days after a round's period ends: (action, data) in turn. The last round is not yet published;
# one round was reopened after publication to correct its camp figures.
# (days after the period, action, input, who: the IM officer validates, a second person publishes)
RELEASE = [(20, "validate", {}, "im_officer"), (30, "publish", {}, "admin")]
CORRECTED = [
    (45, "withdraw", {"reason": "Camp figures in Ninewa double-counted a closed camp"}, "admin"),
    (46, "reopen", {"reason": "Correcting the Ninewa camp figures"}, "im_officer"),
    (50, "validate", {}, "im_officer"),
    (52, "publish", {}, "admin"),
]
CORRECTED_ROUND = 129


def _pick(rng, weighted):
    items = list(weighted.items()) if isinstance(weighted, dict) else weighted
    return rng.choices([k for k, _w in items], weights=[w for _k, w in items])[0]


def _split(rng, total: int, weighted) -> dict:
    """Spread `total` families over categories (at most three, as a location typically has)."""
    parts: dict = {}
    for _ in range(min(3, max(1, total // 20))):
        parts[_pick(rng, weighted)] = 0
    keys = list(parts)
    for i, key in enumerate(keys):
        share = (
            total - sum(parts.values())
            if i == len(keys) - 1
            else int(total * rng.uniform(0.3, 0.7))
        )
        parts[key] = max(0, share)
    return {k: v for k, v in parts.items() if v}


@step("tracking.rounds", order=20, label="Master-list rounds and an emergency")
def generate_rounds(context: DemoContext) -> dict:
    rng = context.rng("tracking.rounds")
    plan = plan_locations(context)
    ids = dict(Location.objects.values_list("external_id", "id"))
    governorate_of = {p.external_id: p.subdistrict[:5] for p in plan}
    areas = dict(AdminArea.objects.filter(level=1).values_list("pcode", "id"))
    camps = list(Site.objects.filter(kind="camp").values_list("location_id", "status", "closed_on"))
    # Start figures per location (families), with a per-location trend.
    idp_start = {
        p.external_id: max(3, int(rng.lognormvariate(math.log(35), 1.0)))
        for p in plan
        if p.hosts_idps
    }
    return_start = {
        p.external_id: max(5, int(rng.lognormvariate(math.log(270), 0.9)))
        for p in plan
        if p.has_returns
    }
    scale = 1.0 if context.national else 0.1
    camp_start = {loc: int(rng.uniform(600, 2200) * scale) + 20 for loc, _s, _c in camps}
    idp_trend = {k: rng.uniform(0.93, 1.0) for k in idp_start}
    return_trend = {k: rng.uniform(1.0, 1.02) for k in return_start}
    rows = []
    rounds = []
    for index, (number, start, end) in enumerate(ROUNDS):
        round_ = Round.objects.create(start_date=start, end_date=end, number=number)
        rounds.append(round_)
        round_rng = context.rng(f"tracking.round.{number}")
        for external_id, families in idp_start.items():
            now = int(families * idp_trend[external_id] ** index * round_rng.uniform(0.95, 1.05))
            if now < 3 or (index and round_rng.random() < 0.01 * index):
                continue  # some locations empty out round after round
            origin = areas[_pick(round_rng, ORIGINS)]
            period = _pick(round_rng, PERIODS)
            for shelter, count in _split(round_rng, now, IDP_SHELTERS).items():
                rows.append(
                    Figure(round=round_, location_id=ids[external_id], population_type="idp",
                           origin_id=origin, period=period, shelter=shelter, families=count,
                           individuals=count * 6)
                )  # fmt: skip
        for location_id, status_, closed_on in camps:
            if status_ == "closed" and closed_on and closed_on <= end:
                continue  # the camp closed before this round
            families = int(camp_start[location_id] * 0.9**index)
            rows.append(
                Figure(round=round_, location_id=location_id, population_type="idp",
                       origin_id=areas["IQG15"], period=Period.AUG_2014, shelter="camp",
                       families=families, individuals=families * 5)
            )  # fmt: skip
        for external_id, families in return_start.items():
            now = int(families * return_trend[external_id] ** index * round_rng.uniform(0.99, 1.01))
            origin = areas[_pick(round_rng, LAST_DISPLACEMENT)]
            for shelter, count in _split(round_rng, now, RETURN_SHELTERS).items():
                rows.append(
                    Figure(round=round_, location_id=ids[external_id], population_type="returnee",
                           origin_id=origin, period="", shelter=shelter, families=count,
                           individuals=count * 6)
                )  # fmt: skip
    Figure.objects.bulk_create(rows, batch_size=5000)
    _release(rounds)
    updates = _drought(context, ids, governorate_of)
    return {"rounds": len(rounds), "figures": len(rows), "emergency updates": updates}


def _release(rounds: list[Round]) -> None:
    """Validate (the IM officer) and publish (the administrator) the rounds, on the days it
    happened."""
    users = get_user_model().objects.in_bulk(["im_officer", "admin"], field_name="username")
    for round_ in rounds:
        steps = RELEASE[:1] if round_ is rounds[-1] else RELEASE
        if round_.number == CORRECTED_ROUND:
            steps = RELEASE + CORRECTED
        for days, action, data, who in steps:
            at = timezone.make_aware(datetime.combine(round_.end_date + timedelta(days), time(11)))
            round_ = ROUND_WORKFLOW.run(users[who], round_, action, data, now=at)


def _drought(context: DemoContext, ids: dict, governorate_of: dict) -> int:
    """A drought in the south: weekly updates of families displaced (and a few returning)."""
    rng = context.rng("tracking.drought")
    event = EmergencyEvent.objects.create(
        name="Drought in the southern governorates",
        cause=EmergencyCause.DROUGHT,
        start_date=date(2024, 6, 2),
        description="Water scarcity and crop failure displacing rural families towards towns.",
    )
    places = [ext for ext, gov in governorate_of.items() if gov in SOUTH and ext in ids]
    places = places or [ext for ext, gov in governorate_of.items() if gov in IDP_SHARE][:20]
    affected = rng.sample(places, min(len(places), context.scaled(40, 8)))
    updates = []
    week = event.start_date
    while week <= context.today:
        for external_id in rng.sample(affected, max(1, len(affected) // 3)):
            displaced = rng.randint(2, 30)
            returned = rng.randint(0, displaced // 3) if week > date(2024, 9, 1) else 0
            updates.append(
                EmergencyUpdate(
                    event=event, location_id=ids[external_id], reported_on=week,
                    families_displaced=displaced, individuals_displaced=displaced * 6,
                    families_returned=returned, individuals_returned=returned * 6,
                )
            )  # fmt: skip
        week += timedelta(days=7)
    EmergencyUpdate.objects.bulk_create(updates)
    # The IM officer publishes its figures a week in, through the same table as the page.
    manager = get_user_model().objects.get(username="im_officer")
    at = timezone.make_aware(datetime.combine(event.start_date + timedelta(days=7), time(12)))
    EMERGENCY_PUBLICATION.run(manager, event, "publish", now=at)
    return len(updates)
