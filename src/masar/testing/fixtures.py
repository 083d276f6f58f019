"""Shared test fixtures: the geography, and the personas every app's tests use."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from masar.accounts.actions import create_user
from masar.accounts.choices import OrganisationKind, Role
from masar.geo.actions import load_geography
from masar.geo.models import AdminArea

PASSWORD = "persona-password-1"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load Iraq's geography once per test session; each test's transaction rolls back on it."""
    with django_db_blocker.unblock():
        load_geography()


@pytest.fixture
def geography(db):
    """Geography for tests that flush the database (live server), and a readable dependency."""
    if not AdminArea.objects.filter(level=3).exists():
        load_geography()
    return AdminArea.objects


def make_persona(username, role, org="Help Desk NGO", kind=OrganisationKind.NGO, govs=""):
    return create_user(
        username=username,
        role=role,
        organisation=org,
        organisation_kind=kind,
        governorates=govs.split(","),
        password=PASSWORD,
    )


@pytest.fixture
def personas(geography):
    """The cast: one organisation's case worker and supervisor in Ninewa, another organisation's
    case worker in Anbar, a partner, a government officer, an IM officer and CFM/PSEA officers."""
    return {
        "case_worker": make_persona("cw_ninewa", Role.CASE_WORKER, govs="IQG15"),
        "supervisor": make_persona("sup_ninewa", Role.CASE_SUPERVISOR, govs="IQG15"),
        "other_case_worker": make_persona(
            "cw_anbar", Role.CASE_WORKER, org="Other NGO", govs="IQG01"
        ),
        "partner": make_persona(
            "partner", Role.PARTNER_FOCAL_POINT, org="Livelihoods Partner", govs="IQG15"
        ),
        "government": make_persona(
            "momd",
            Role.GOVERNMENT_OFFICER,
            org="MoMD",
            kind=OrganisationKind.GOVERNMENT,
            govs="IQG15",
        ),
        "im_officer": make_persona("im", Role.IM_OFFICER, org="IOM", kind=OrganisationKind.UN),
        "enumerator": make_persona(
            "enum", Role.ENUMERATOR, org="IOM", kind=OrganisationKind.UN, govs="IQG15"
        ),
        "cfm_officer": make_persona("cfm", Role.CFM_OFFICER, org="IOM", kind=OrganisationKind.UN),
        "psea": make_persona("psea", Role.PSEA_FOCAL_POINT, org="IOM", kind=OrganisationKind.UN),
        "admin": make_persona("root", Role.ADMIN, org="IOM", kind=OrganisationKind.UN),
    }


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
    """Return a function giving a token-authenticated API client for a user."""

    def make(user=None):
        api = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
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
