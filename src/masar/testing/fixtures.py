"""Shared test fixtures: the geography, and the personas every app's tests use."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from knox.models import get_token_model
from rest_framework.test import APIClient

from masar.accounts.choices import OrganisationKind, Role
from masar.accounts.personas import make_persona
from masar.geo.actions import load_geography
from masar.geo.models import AdminArea

# The suite runs in parallel workers on shared cores: how long one example took says nothing
# about the code under test, so hypothesis keeps no deadline.
hypothesis_settings.register_profile(
    "masar", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("masar")

NGO, UN, GOVERNMENT = OrganisationKind.NGO, OrganisationKind.UN, OrganisationKind.GOVERNMENT
# key: (username, role, organisation, organisation kind, governorates)
PERSONAS = {
    "case_worker": ("cw_ninewa", Role.CASE_WORKER, "Help Desk NGO", NGO, "IQG15"),
    "supervisor": ("sup_ninewa", Role.CASE_SUPERVISOR, "Help Desk NGO", NGO, "IQG15"),
    "other_case_worker": ("cw_anbar", Role.CASE_WORKER, "Other NGO", NGO, "IQG01"),
    "partner": ("partner", Role.PARTNER_FOCAL_POINT, "Livelihoods Partner", NGO, "IQG15"),
    "government": ("momd", Role.GOVERNMENT_OFFICER, "MoMD", GOVERNMENT, "IQG15"),
    "im_officer": ("im", Role.IM_OFFICER, "IOM", UN, ""),
    "enumerator": ("enum", Role.ENUMERATOR, "IOM", UN, "IQG15"),
    "cfm_officer": ("cfm", Role.CFM_OFFICER, "IOM", UN, ""),
    "psea": ("psea", Role.PSEA_FOCAL_POINT, "IOM", UN, ""),
    "dpo": ("dpo", Role.DATA_PROTECTION_OFFICER, "IOM", UN, ""),
    "admin": ("root", Role.ADMIN, "IOM", UN, ""),
}  # fmt: skip


def create_personas() -> None:
    for username, role, organisation, kind, governorates in PERSONAS.values():
        make_persona(username, role, organisation, kind, governorates)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load Iraq's geography and the personas once per test session; each test's transaction
    rolls back on them."""
    with django_db_blocker.unblock():
        load_geography()
        create_personas()


@pytest.fixture(autouse=True)
def _reference_geography(request):
    """Every database test finds Iraq's geography, even after a transactional test on the same
    worker flushed the database (migration and browser tests do): reloaded only when missing."""
    if request.node.get_closest_marker("django_db") or "db" in request.fixturenames:
        request.getfixturevalue("geography")


@pytest.fixture
def geography(db):
    """Geography for tests that flush the database (live server), and a readable dependency."""
    if not AdminArea.objects.filter(level=3).exists():
        load_geography()
    return AdminArea.objects


@pytest.fixture
def personas(geography):
    """The cast: one organisation's case worker and supervisor in Ninewa, another organisation's
    case worker in Anbar, a partner, a government officer, an IM officer and CFM/PSEA officers.

    Created once per session (again after a test that flushed the database), and read afresh
    for each test so that no cached scope crosses from one test to the next."""
    usernames = [username for username, *_ in PERSONAS.values()]
    users = {u.username: u for u in get_user_model().objects.filter(username__in=usernames)}
    if len(users) < len(usernames):
        create_personas()
        users = {u.username: u for u in get_user_model().objects.filter(username__in=usernames)}
    return {key: users[username] for key, (username, *_) in PERSONAS.items()}


@pytest.fixture
def multi_grant_personas(personas):
    """Users holding two grants that must never pool into a wider one (on top of the cast):
    each membership brings its own role, in its own organisation and governorates."""
    # The second grant's call returns the user as last saved (its password hash included).
    make_persona("cw_fp", Role.CASE_WORKER, govs="IQG15")
    worker_and_partner = make_persona("cw_fp", Role.PARTNER_FOCAL_POINT, org="Shelter Iraq")
    make_persona(
        "psea_cfm", Role.PSEA_FOCAL_POINT, org="IOM", kind=OrganisationKind.UN, govs="IQG15"
    )
    psea_and_cfm = make_persona(
        "psea_cfm", Role.CFM_OFFICER, org="IOM", kind=OrganisationKind.UN, govs="IQG01"
    )
    return {
        # Help Desk NGO's case worker in Ninewa, and Shelter Iraq's focal point country-wide.
        "worker_and_partner": worker_and_partner,
        # A PSEA focal point in Ninewa who is also a CFM officer in Anbar.
        "psea_and_cfm": psea_and_cfm,
    }


@pytest.fixture
def login(client):
    """Return a function that signs a user in on the test client and returns the client."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def api_as():
    """Return a function giving a token-authenticated API client for a user (a new token each
    call, made through knox's manager: the testing layer does not import `masar.api`)."""

    def make(user=None):
        api = APIClient()
        if user is not None:
            _row, token = get_token_model().objects.create(user=user, name="tests")
            api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return api

    return make


@pytest.fixture
def run_command():
    """Run a management command and return (exit code, stdout, stderr)."""
    import io

    from django.core.management.base import CommandError

    def run(*args, **kwargs):
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command(*args, stdout=out, stderr=err, **kwargs)
            code = 0
        except CommandError as exc:
            err.write(str(exc))
            code = exc.returncode
        return code, out.getvalue(), err.getvalue()

    return run


@pytest.fixture(autouse=True)
def _reset_language():
    """A page requested in Arabic or Kurdish leaves that language active on the thread: put
    the default back so that no test depends on the one before it."""
    yield
    from django.utils import translation

    translation.deactivate()
