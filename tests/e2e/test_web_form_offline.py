"""A key-informant assessment filled in Arabic without a network arrives once it is back.

The page is opened online (the service worker keeps it, the engine, the form and its lists),
then reopened with the browser context offline: the form still renders from the cache, is filled
and sent into the browser's queue, and nothing reaches the server until the context is online.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from masar.collect import queries
from masar.collect import questionnaires as q
from masar.collect.choices import SubmissionStatus
from masar.collect.models import Submission
from masar.geo.tests.factories import location_in
from masar.indices.actions import ensure_shipped_methodologies
from masar.indices.models import IndicatorValue
from masar.testing.browser import sign_in
from masar.tracking.models import Round

pytestmark = pytest.mark.browser

FIRST_QUESTION = "#web-form .p-radiobutton-input"


def _fill(page) -> int:
    """Answer every choice question with its first option and pick the only location."""
    names = page.eval_on_selector_all(
        "#web-form input[type=radio]", "els => [...new Set(els.map(e => e.name))]"
    )
    for name in names:
        page.locator(f'#web-form input[type=radio][name="{name}"]').first.check()
    page.click("#web-form .question-container .p-select")
    page.locator(".p-select-overlay [role=option]").first.click()
    return len(names)


def test_a_key_informant_form_filled_offline_arrives_once(page, personas):
    ensure_shipped_methodologies()
    form = next(f for f in queries.served_questionnaires() if f.name == q.KEY_INFORMANT)
    today = timezone.localdate()
    round_ = Round.objects.create(
        start_date=today - timedelta(days=30), end_date=today + timedelta(days=30), number=9
    )
    location = location_in("IQG15Q05N01", external_id="NIN-0100")
    sign_in(page, personas["enumerator"].username)
    page.click("button[name=language][value=ar]")
    page.wait_for_load_state()
    url = f"/collect/web/{form.form_id}/"

    page.goto(url)
    page.wait_for_selector(FIRST_QUESTION, timeout=20_000)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now under the worker, which keeps every file the page asks for
    page.wait_for_selector(FIRST_QUESTION, timeout=20_000)
    page.wait_for_load_state("networkidle")

    page.context.set_offline(True)
    page.reload()
    page.wait_for_selector(FIRST_QUESTION, timeout=20_000)
    assert page.get_attribute("#web-form", "dir") == "rtl"
    assert page.locator("#web-form", has_text="الجولة").count() == 1  # "Round", in Arabic
    questions = _fill(page)
    page.locator("#web-form button[aria-label]").last.click()
    page.wait_for_selector("#queue[data-count='1']")
    assert page.inner_text("#queue") == "بانتظار الإرسال: 1"
    assert not Submission.objects.exists()

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector("#queue[data-count='0']", timeout=20_000)
    page.reload()  # a second page load finds nothing left to send
    page.wait_for_selector(FIRST_QUESTION, timeout=20_000)

    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.APPLIED
    values = IndicatorValue.objects.filter(round=round_, location=location)
    assert values.count() == questions - 1  # every question but the round is an indicator
    assert values.filter(source="collected").count() == values.count()
    assert Submission.objects.count() == 1
