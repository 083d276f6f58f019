"""The demo rounds tell the story the issue asks for: returns rising, IDPs and camps falling."""

import itertools

import pytest

from masar.accounts.choices import OrganisationKind, Role
from masar.accounts.personas import make_persona
from masar.core.demo import DemoContext
from masar.geo.demo import generate_locations_and_sites
from masar.tracking import queries
from masar.tracking.demo import generate_rounds
from masar.tracking.models import EmergencyEvent, Round

pytestmark = pytest.mark.django_db


def test_six_rounds_with_returns_rising_idps_and_camps_falling(geography):
    context = DemoContext(seed=3, scale="small")
    # The demo's rounds are validated by its IM officer and published by its administrator.
    make_persona("im_officer", Role.IM_OFFICER, org="IOM Iraq", kind=OrganisationKind.UN)
    make_persona("admin", Role.ADMIN, org="IOM Iraq", kind=OrganisationKind.UN)
    generate_locations_and_sites(context)
    generate_rounds(context)
    rounds = list(Round.objects.order_by("end_date"))
    assert len(rounds) >= 6
    assert rounds[0].start_date.year == 2022 and rounds[-1].end_date.year == 2024
    totals = [queries.totals(r.figures.all()) for r in rounds]
    idps = [t["idp"]["individuals"] for t in totals]
    returnees = [t["returnee"]["individuals"] for t in totals]
    camps = [queries.shelter_groups(r.figures.all())["idp"]["camp"] for r in rounds]
    assert idps == sorted(idps, reverse=True) and returnees == sorted(returnees)
    assert camps[-1] < camps[0]
    drought = EmergencyEvent.objects.get(cause="drought")
    weeks = sorted(set(drought.updates.values_list("reported_on", flat=True)))
    assert len(weeks) >= 20 and all((b - a).days == 7 for a, b in itertools.pairwise(weeks))
    # Every round went through the lifecycle: the latest awaits publication, one was corrected.
    assert [r.status for r in rounds] == ["published"] * 5 + ["validated"]
    corrected = Round.objects.get(number=129)
    assert [e.action for e in corrected.events.all()] == [
        "validate", "publish", "withdraw", "reopen", "validate", "publish"
    ]  # fmt: skip
    assert corrected.events.get(action="withdraw").reason
    assert corrected.events.get(action="reopen").reason
    # Two people released each round: whoever validated it did not publish it.
    for round_ in rounds[:-1]:
        steps = {e.action: e.actor.username for e in round_.events.all()}
        assert (steps["validate"], steps["publish"]) == ("im_officer", "admin")
