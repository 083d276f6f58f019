"""Changes to personal records keep a field-level history with who and when, read by auditors."""

import csv
import io

import pytest
from auditlog.models import LogEntry

from masar.cases.tests.factories import register
from masar.feedback.tests.test_tickets import new_ticket
from masar.feedback.workflow import TICKET_WORKFLOW

pytestmark = pytest.mark.django_db


def _entries(model: str, pk: int):
    return LogEntry.objects.filter(content_type__model=model, object_pk=str(pk)).order_by("id")


def test_a_member_added_from_the_case_page_has_a_history_with_its_author(personas, client):
    worker = personas["case_worker"]
    household = register(worker)
    client.force_login(worker)
    response = client.post(
        f"/cases/{household.uid}/members/add/",
        {"version": household.version, "relationship": "child", "given_name": "سلمى", "sex": "f"},
    )
    assert response.status_code == 302
    member = household.members.get(given_name="سلمى")
    created = _entries("member", member.pk).get()
    assert created.actor == worker and created.action == LogEntry.Action.CREATE
    assert created.changes_dict["given_name"] == ["None", "سلمى"]
    assert "search_key" not in created.changes_dict


def test_an_edit_records_the_changed_fields_only(personas, client):
    worker = personas["case_worker"]
    household = register(worker)
    client.force_login(worker)
    response = client.post(
        f"/cases/{household.uid}/edit/",
        {
            "version": household.version,
            "current_site": household.current_site.external_id,
            "destination": household.destination.external_id,
            "pathway": "relocation",
            "registration_channel": "help_line",
        },
    )
    assert response.status_code == 302
    update = _entries("household", household.pk).filter(action=LogEntry.Action.UPDATE).last()
    assert update.actor == worker
    assert set(update.changes_dict) == {"pathway", "registration_channel"}
    assert update.changes_dict["pathway"] == ["return", "relocation"]


def test_the_flags_only_a_supervisor_sees_stay_out_of_the_history(personas):
    household = register(personas["supervisor"], survivor=True)
    household.perceived_affiliation = True
    household.save()
    for entry in _entries("household", household.pk):
        assert "survivor" not in entry.changes_dict
        assert "perceived_affiliation" not in entry.changes_dict


def test_a_ticket_workflow_step_is_in_its_history(personas):
    officer = personas["cfm_officer"]
    ticket = new_ticket(officer)
    TICKET_WORKFLOW.run(officer, ticket, "assign", {"assignee": officer})
    assert _entries("ticket", ticket.pk).filter(action=LogEntry.Action.UPDATE).exists()


def test_auditors_see_which_fields_changed_but_not_the_values(personas, client, login):
    worker = personas["case_worker"]
    household = register(worker)
    member = household.members.order_by("id").first()
    member.phone = "07701119999"
    member.save()
    page = login(personas["dpo"]).get("/data-protection/changes/?record_type=member")
    html = page.content.decode()
    assert page.status_code == 200
    assert "phone" in html and "07701119999" not in html
    export = login(personas["dpo"]).get("/data-protection/changes/?format=csv")
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert any(r["record_type"] == "member" and "phone" in r["fields_changed"] for r in rows)
    assert "07701119999" not in export.content.decode("utf-8-sig")
