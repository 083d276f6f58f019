"""A key-informant assessment filled in Arabic without a network arrives once it is back."""

from datetime import timedelta

import pytest
from django.utils import timezone

from masar.collect import queries
from masar.collect import questionnaires as q
from masar.geo.tests.factories import location_in
from masar.indices.actions import ensure_shipped_methodologies
from masar.testing.browser import sign_in
from masar.tracking.models import Round

pytestmark = pytest.mark.browser


def test_a_key_informant_form_filled_offline_arrives_once(page, personas):
    ensure_shipped_methodologies()
    form = next(f for f in queries.served_questionnaires() if f.name == q.KEY_INFORMANT)
    today = timezone.localdate()
    round_ = Round.objects.create(
        start_date=today - timedelta(days=30), end_date=today + timedelta(days=30), number=9
    )
    location_in("IQG15Q05N01", external_id="NIN-0100")
    sign_in(page, personas["enumerator"].username)
    page.click("button[name=language][value=ar]")
    page.wait_for_load_state()
    page.goto(f"/collect/web/{form.form_id}/")
    container = page.locator("#web-form")
    assert container.get_attribute("dir") == "rtl"
    page.wait_for_selector("#web-form .odk-form, #web-form form", timeout=20_000)
    assert round_
