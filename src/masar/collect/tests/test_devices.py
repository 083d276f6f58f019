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
