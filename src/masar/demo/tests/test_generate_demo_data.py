from masar.cases.models import CaseEvent, Household
from masar.core.demo import DemoContext
from masar.demo.actions import DEMO_USERS, create_demo_users
from masar.demo.models import GeneratedStep
from masar.geo.demo import plan_locations
from masar.geo.models import Location, Site


def counts():
    return Location.objects.count(), Site.objects.count()


def test_the_small_demo_keeps_the_national_shape_and_a_second_run_adds_nothing(run_command, db):
    """One build serves both checks: building the demo is among the slowest steps of the suite."""
    assert run_command("generate_demo_data", "--seed", "1", "--scale", "small")[0] == 0
    locations = Location.objects.all()
    assert 400 <= locations.count() <= 600
    assert locations.values("governorate").distinct().count() == 18
    assert Site.objects.filter(kind="camp").count() == 26
    assert 20 <= Site.objects.filter(kind="informal").count() <= 60
    # The first duplicate sweep queues about the households registered twice, not a flood.
    sweep = GeneratedStep.objects.get(name="dedup.keys").summary
    assert 0 < sweep["queued"] <= 2 * sweep["registered_twice"]
    # Every pathway walked its own path: integrations started, relocations left, some changed.
    households = Household.objects.all()
    assert set(households.values_list("pathway", flat=True)) == {
        "return", "local_integration", "relocation",
    }  # fmt: skip
    assert households.filter(pathway="local_integration", integrations__started_on__isnull=False)
    assert households.filter(pathway="relocation", departures__departed_on__isnull=False)
    assert not households.filter(pathway="local_integration", departures__isnull=False)
    assert CaseEvent.objects.filter(action="change_pathway").exists()
    before = counts()
    code, out, _ = run_command("generate_demo_data", "--seed", "1", "--scale", "small")
    assert code == 0
    assert "already generated" in out
    assert counts() == before


def test_the_plan_is_deterministic_per_seed(db):
    first = plan_locations(DemoContext(seed=7, scale="national"))
    again = plan_locations(DemoContext(seed=7, scale="national"))
    other = plan_locations(DemoContext(seed=8, scale="national"))
    assert first == again
    assert first != other
    hosting = sum(p.hosts_idps for p in first)
    returns = sum(p.has_returns for p in first)
    assert 2800 <= hosting <= 3300
    assert 1800 <= returns <= 2200
    assert {p.subdistrict[:5] for p in first if p.has_returns} == {
        "IQG01", "IQG08", "IQG10", "IQG09", "IQG11", "IQG13", "IQG15", "IQG16",
    }  # fmt: skip


def test_one_demo_user_per_role_with_the_shared_password(db, settings):
    create_demo_users()
    create_demo_users()
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(username__in=[u[0] for u in DEMO_USERS])
    assert users.count() == len(DEMO_USERS) == 10
    assert all(u.check_password(settings.MASAR["DEMO_PASSWORD"]) for u in users)
