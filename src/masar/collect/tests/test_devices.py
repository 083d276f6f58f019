"""The device-credential page: created there, shown once, revocable, one's own only."""

from __future__ import annotations

import re

from masar.collect import actions
from masar.collect.models import CollectionCredential
from masar.collect.tests.test_openrosa import basic


def test_a_credential_made_on_the_page_is_shown_once_signs_in_and_can_be_revoked(
    client, login, personas
):
    page = login(personas["enumerator"])
    answer = page.post("/collect/devices/", {"label": "Tablet 12"})
    assert answer.status_code == 200
    text = answer.content.decode()
    secret = re.search(r'id="new-secret"><p><strong>[^<]+</strong> <code>([^<]+)</code>', text)
    assert secret is not None
    assert 'id="server-url">http://testserver/collect<' in text
    credential = CollectionCredential.objects.get(user=personas["enumerator"])
    assert secret.group(1) not in credential.secret_hash
    again = page.get("/collect/devices/").content.decode()
    assert secret.group(1) not in again
    assert "Tablet 12" in again

    auth = {"HTTP_AUTHORIZATION": basic("enum", secret.group(1))}
    assert client.get("/collect/formList", **auth).status_code == 200
    page = login(personas["enumerator"])
    revoked = page.post(f"/collect/devices/{credential.uid}/revoke")
    assert revoked.status_code == 302
    credential.refresh_from_db()
    assert credential.revoked_at is not None
    assert client.get("/collect/formList", **auth).status_code == 401


def test_the_page_is_for_collectors_and_their_own_devices(login, personas):
    other, _secret = actions.create_credential(personas["im_officer"], "IM laptop")
    assert login(personas["cfm_officer"]).get("/collect/devices/").status_code == 404
    page = login(personas["enumerator"])
    assert page.post(f"/collect/devices/{other.uid}/revoke").status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


def test_the_forms_page_offers_the_xlsforms_a_user_may_fill(login, personas):
    import io

    from openpyxl import load_workbook

    from masar.geo.tests.factories import location_in

    location_in("IQG15Q05N01", external_id="NIN-0002")
    location_in("IQG01Q01N01", external_id="ANB-0002")
    page = login(personas["enumerator"])
    listing = page.get("/collect/forms/").content.decode()
    assert "masar_emergency_update" in listing
    assert "masar_registration" not in listing
    workbook = page.get("/collect/forms/masar_emergency_update/form.xlsx")
    assert workbook.status_code == 200
    settings = load_workbook(io.BytesIO(workbook.content))["settings"]
    assert [cell.value for cell in settings[1]][:2] == ["form_title", "form_id"]
    locations = page.get("/collect/forms/masar_emergency_update/lists/locations.csv")
    assert "NIN-0002" in locations.content.decode()
    assert "ANB-0002" not in locations.content.decode()
    assert page.get("/collect/forms/masar_registration/form.xlsx").status_code == 404
    assert page.get("/collect/forms/masar_emergency_update/lists/sites.csv").status_code == 404
