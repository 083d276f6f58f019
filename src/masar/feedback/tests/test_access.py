"""Who sees which ticket, through every door: pages, search, export, API; the public form."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from masar.accounts.models import AccessLog
from masar.feedback import actions
from masar.feedback.models import Ticket
from masar.feedback.workflow import TICKET_WORKFLOW

from .test_tickets import new_ticket

pytestmark = pytest.mark.django_db

ROLES = ["case_worker", "supervisor", "partner", "government", "cfm_officer", "psea",
         "im_officer", "enumerator", "admin"]  # fmt: skip
# Who sees a normal ticket not linked to any household, and a sensitive one.
SEES_NORMAL = {"cfm_officer", "admin"}
SEES_SENSITIVE = {"psea"}
# Who reaches the ticket pages at all (list, analysis).
USES_TICKETS = {"case_worker", "supervisor", "cfm_officer", "psea", "admin"}


@pytest.fixture
def tickets(personas):
    return {
        "normal": new_ticket(personas["cfm_officer"], description="Tap water is brown"),
        "sensitive": new_ticket(
            personas["psea"], sensitivity="sea", description="Allegation against a driver"
        ),
    }


def reachable(client, api, ticket: Ticket) -> dict[str, bool]:
    """Whether the ticket shows through each door: page, list, search, export, API."""
    ref, link = ticket.reference, f"/feedback/{ticket.uid}/"
    return {
        "page": client.get(link).status_code == 200,
        "list": link in client.get("/feedback/").content.decode(),
        "search": link in client.post("/feedback/", {"q": ref}, follow=True).content.decode(),
        "export": ref in client.get("/feedback/", {"format": "csv"}).content.decode("utf-8-sig"),
        "api": api.get(f"/api/v1/tickets/{ticket.uid}/").status_code == 200,
        "api list": ref in api.get("/api/v1/tickets/").content.decode(),
        "api search": ref
        in api.post("/api/v1/tickets/search/", {"search": ref}, format="json").content.decode(),
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_the_tickets_it_should(role, personas, tickets, client, api_as):
    user = personas[role]
    client.force_login(user)
    api = api_as(user)
    for kind, audience in (("normal", SEES_NORMAL), ("sensitive", SEES_SENSITIVE)):
        doors = reachable(client, api, tickets[kind])
        expected = role in audience
        if role not in USES_TICKETS:
            doors = {k: v for k, v in doors.items() if k.startswith("api") or k == "page"}
        assert doors == dict.fromkeys(doors, expected), (kind, doors)
    pages = ("/feedback/", "/feedback/analysis/")
    assert [client.get(p).status_code for p in pages] == [200 if role in USES_TICKETS else 404] * 2
    new_page = client.get("/feedback/new/").status_code
    assert new_page == (200 if role in {"cfm_officer", "psea", "admin"} else 404)


def test_anonymous_visitors_reach_only_the_public_form(tickets, client):
    assert client.get("/feedback/submit/").status_code == 200
    for path in ("/feedback/", "/feedback/analysis/", f"/feedback/{tickets['normal'].uid}/"):
        assert client.get(path).status_code == 302  # to sign in
    assert client.get("/api/v1/tickets/").status_code in (401, 403)


def test_marking_a_ticket_sensitive_moves_it_out_of_sight_and_back(personas, tickets, client):
    officer, psea = personas["cfm_officer"], personas["psea"]
    ticket = tickets["normal"]
    TICKET_WORKFLOW.run(officer, ticket, "assign", {"assignee": officer})
    client.force_login(officer)
    page = client.post(
        f"/feedback/{ticket.uid}/",
        {"form": "sensitivity", "sensitivity": "safety", "reason": "Threat reported on the call"},
    )
    assert page.status_code == 302 and page.url == "/feedback/"
    assert client.get(f"/feedback/{ticket.uid}/").status_code == 404
    ticket.refresh_from_db()
    assert ticket.assigned_to is None and ticket.status == "new"
    assert ticket.first_action_due is not None
    client.force_login(psea)
    assert client.get(f"/feedback/{ticket.uid}/").status_code == 200
    client.post(
        f"/feedback/{ticket.uid}/",
        {"form": "sensitivity", "sensitivity": "normal", "reason": "Not a safety matter"},
    )
    assert client.get(f"/feedback/{ticket.uid}/").status_code == 404
    client.force_login(officer)
    assert client.get(f"/feedback/{ticket.uid}/").status_code == 200
    notes = [e.note for e in ticket.events.filter(action="sensitivity")]
    assert notes == ["normal → safety: Threat reported on the call",
                     "safety → normal: Not a safety matter"]  # fmt: skip


def test_only_a_psea_focal_point_changes_a_sensitive_ticket(personas, tickets):
    with pytest.raises(PermissionDenied):
        actions.set_sensitivity(personas["admin"], tickets["sensitive"], "normal", "looks fine")


def test_every_read_of_a_ticket_is_logged(personas, tickets, client, api_as):
    psea = personas["psea"]
    client.force_login(psea)
    client.get(f"/feedback/{tickets['sensitive'].uid}/")
    api_as(psea).get(f"/api/v1/tickets/{tickets['sensitive'].uid}/")
    logged = AccessLog.objects.filter(record_uid=tickets["sensitive"].uid, user=psea)
    assert sorted(logged.values_list("via", flat=True)) == ["api", "page"]


def test_sensitive_tickets_count_in_the_analysis_without_details(personas, tickets, client):
    """Only those who may see sensitive tickets learn how many there are."""
    client.force_login(personas["psea"])
    month = f"{timezone.localdate(tickets['normal'].received_at):%Y-%m}"
    page = client.get("/feedback/analysis/", {"month": month})
    assert page.context["result"]["sensitive_total"] == 1
    csv = client.get("/feedback/analysis/", {"month": month, "format": "csv"}).content
    export = csv.decode("utf-8-sig")
    assert "sensitive (total only),,1" in export
    assert tickets["sensitive"].reference not in export
    client.force_login(personas["cfm_officer"])
    page = client.get("/feedback/analysis/", {"month": month})
    assert page.context["result"]["sensitive_total"] is None
    assert page.context["result"]["total"] == 1
    csv = client.get("/feedback/analysis/", {"month": month, "format": "csv"}).content
    assert b"sensitive" not in csv


def test_the_api_creates_tickets_for_officers_only(personas, api_as):
    body = {
        "channel": "hotline", "type": "assistance", "contact_preference": "phone",
        "contact_phone": "07701112222", "description": "Need a water tank",
        "governorate": "IQG15",
    }  # fmt: skip
    created = api_as(personas["cfm_officer"]).post("/api/v1/tickets/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["governorate"] == "IQG15"
    assert created.json()["status"] == "new"
    refused = api_as(personas["case_worker"]).post("/api/v1/tickets/", body, format="json")
    assert refused.status_code == 403
    assert Ticket.objects.count() == 1


def test_the_public_form_gives_a_reference(client, geography):
    page = client.post(
        "/feedback/submit/",
        {"type": "service_complaint", "description": "لم نستلم المنحة", "governorate": "",
         "contact_preference": "anonymous"},
    )  # fmt: skip
    assert page.status_code == 200
    ticket = Ticket.objects.get()
    assert ticket.reference in page.content.decode()
    assert (ticket.channel, ticket.source, ticket.sensitivity) == ("web_form", "public", "normal")
    assert ticket.contact_name == "" and ticket.submitter_key


def test_the_public_form_refuses_over_long_input_keeping_the_text(client, geography):
    text = "x" * 2001
    page = client.post(
        "/feedback/submit/",
        {"type": "suggestion", "description": text, "contact_preference": "anonymous"},
    )
    assert page.status_code == 400
    assert text in page.content.decode()
    assert Ticket.objects.count() == 0


def test_the_public_form_refuses_bursts_without_losing_accepted_submissions(
    client, geography, settings
):
    settings.MASAR = {**settings.MASAR, "CFM_PUBLIC_LIMIT": 3}
    codes = []
    for n in range(5):
        page = client.post(
            "/feedback/submit/",
            {
                "type": "suggestion",
                "description": f"message {n}",
                "contact_preference": "anonymous",
            },
        )
        codes.append(page.status_code)
    assert codes == [200, 200, 200, 429, 429]
    assert "message 4" in page.content.decode()
    assert sorted(Ticket.objects.values_list("description", flat=True)) == [
        "message 0", "message 1", "message 2"
    ]  # fmt: skip
    other = client.post(
        "/feedback/submit/",
        {"type": "suggestion", "description": "from elsewhere", "contact_preference": "anonymous"},
        REMOTE_ADDR="10.1.2.3",
    )
    assert other.status_code == 200


def test_the_public_form_ignores_automated_senders(client, geography):
    page = client.post(
        "/feedback/submit/",
        {"type": "suggestion", "description": "buy now", "contact_preference": "anonymous",
         "website": "http://spam.example"},
    )  # fmt: skip
    assert page.status_code == 400
    assert Ticket.objects.count() == 0


def test_a_phone_answer_needs_a_phone_number(client, geography):
    page = client.post(
        "/feedback/submit/",
        {"type": "information", "description": "When?", "contact_preference": "phone"},
    )
    assert page.status_code == 400
    assert Ticket.objects.count() == 0


def test_a_case_worker_refers_from_a_ticket_about_their_household(personas, client):
    from masar.cases.tests.factories import register

    household = register(personas["case_worker"])
    ticket = new_ticket(
        personas["cfm_officer"], household=household, description="No water since the return"
    )
    client.force_login(personas["case_worker"])
    page = client.get(f"/feedback/{ticket.uid}/").content.decode()
    link = f"/referrals/new/{household.uid}/?ticket={ticket.uid}"
    assert link in page
    assert "No+water" not in page and "No%20water" not in page
    form = client.get(link)
    assert form.context["form"].initial["need"] == "No water since the return"
    assert form.context["form"].initial["reason"] == ticket.reference
    client.force_login(personas["cfm_officer"])
    assert link not in client.get(f"/feedback/{ticket.uid}/").content.decode()


def test_the_public_form_counts_clients_behind_a_trusted_proxy_apart(client, geography, settings):
    settings.MASAR = {**settings.MASAR, "CFM_PUBLIC_LIMIT": 2, "TRUSTED_PROXIES": ("10.9.9.9",)}
    data = {"type": "suggestion", "description": "hello", "contact_preference": "anonymous"}

    def post(forwarded: str) -> int:
        return client.post(
            "/feedback/submit/", data, REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    first = [post("198.51.100.1") for _ in range(3)]
    # A client cannot escape its count by claiming another address to the left of its own.
    spoofed = post("203.0.113.99, 198.51.100.1")
    second = [post("198.51.100.2") for _ in range(2)]
    assert first == [200, 200, 429]
    assert spoofed == 429
    assert second == [200, 200]
    assert Ticket.objects.count() == 4


def test_a_forwarded_header_from_an_untrusted_client_does_not_reset_its_count(
    client, geography, settings
):
    settings.MASAR = {**settings.MASAR, "CFM_PUBLIC_LIMIT": 1, "TRUSTED_PROXIES": ("10.9.9.9",)}
    data = {"type": "suggestion", "description": "hello", "contact_preference": "anonymous"}
    codes = [
        client.post("/feedback/submit/", data, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(3)
    ]
    assert codes == [200, 429, 429]
