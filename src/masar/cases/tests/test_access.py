"""Each role against each case page and endpoint: allowed, or 404 as if the case did not exist."""

from pathlib import Path

import pytest

from masar.accounts.models import AccessLog

from .factories import register, walk_to

pytestmark = pytest.mark.django_db

SEES_CASE = {"case_worker", "supervisor", "admin"}
ROLES = [
    "case_worker",
    "supervisor",
    "other_case_worker",
    "partner",
    "government",
    "im_officer",
    "enumerator",
    "cfm_officer",
    "psea",
    "admin",
]


@pytest.fixture
def household(personas):
    return register(personas["case_worker"])


@pytest.mark.parametrize("role", ROLES)
def test_the_case_page_and_api_detail_answer_by_role(role, personas, household, client, api_as):
    user = personas[role]
    client.force_login(user)
    expected = 200 if role in SEES_CASE else 404
    assert client.get(f"/cases/{household.uid}/").status_code == expected
    assert api_as(user).get(f"/api/v1/households/{household.uid}/").status_code == expected
    listed = api_as(user).get("/api/v1/households/").json()["results"]
    assert (str(household.uid) in {h["uid"] for h in listed}) == (role in SEES_CASE)


@pytest.mark.parametrize("role", ["other_case_worker", "partner", "government", "cfm_officer"])
def test_action_pages_of_an_unreachable_case_are_404(role, personas, household, client):
    client.force_login(personas[role])
    for path in ("do/assess/", "override/", "consent/", "visits/add/", "payments/add/"):
        assert client.get(f"/cases/{household.uid}/{path}").status_code == 404, path


def test_anonymous_users_are_sent_to_sign_in_and_refused_by_the_api(household, client, api_as):
    assert client.get(f"/cases/{household.uid}/").status_code == 302
    assert api_as().get(f"/api/v1/households/{household.uid}/").status_code in (401, 403)


def test_a_government_officer_sees_a_case_only_once_sent_for_clearance(personas, client):
    worker, officer = personas["case_worker"], personas["government"]
    household = register(worker)
    client.force_login(officer)
    assert client.get(f"/cases/{household.uid}/").status_code == 404
    household = walk_to("clearance_requested", worker, household)
    page = client.get(f"/cases/{household.uid}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Record clearance granted" in body
    assert "علي" not in body  # members' names are not needed for a clearance decision
    household = walk_to("cleared", worker, household, government=officer)
    assert client.get(f"/cases/{household.uid}/").status_code == 404


def test_a_government_officer_never_sees_a_case_without_consent_to_share(personas, client):
    worker = personas["case_worker"]
    household = register(worker, consent=False)
    household.consent_authorities = False
    household = walk_to("assessed", worker, household)
    client.force_login(personas["government"])
    assert client.get(f"/cases/{household.uid}/").status_code == 404


def test_sensitive_flags_show_only_to_roles_with_the_permission(personas, client):
    household = register(personas["supervisor"], survivor=True)
    assert household.survivor  # a supervisor may record it
    client.force_login(personas["case_worker"])
    assert "Survivor" not in client.get(f"/cases/{household.uid}/").content.decode()
    client.force_login(personas["supervisor"])
    assert "Survivor" in client.get(f"/cases/{household.uid}/").content.decode()


def test_a_case_worker_cannot_set_a_sensitive_flag(personas):
    household = register(personas["case_worker"], perceived_affiliation=True)
    assert not household.perceived_affiliation


def test_every_read_of_a_case_is_logged_without_its_content(personas, household, client, api_as):
    client.force_login(personas["case_worker"])
    client.get(f"/cases/{household.uid}/")
    api_as(personas["supervisor"]).get(f"/api/v1/households/{household.uid}/")
    logs = AccessLog.objects.filter(record_uid=household.uid).order_by("id")
    assert [(log.user.username, log.via) for log in logs] == [
        ("cw_ninewa", "page"),
        ("sup_ninewa", "api"),
    ]


def test_no_view_or_api_module_queries_personal_records_directly():
    package = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(package))
        for pattern in ("*/views.py", "*/api.py", "*/views/*.py")
        for path in package.glob(pattern)
        if any(
            f"{model}.objects" in path.read_text()
            for model in ("Household", "Member", "Ticket", "Referral")
        )
    ]
    assert offenders == []
