"""The web form's door: a signed-in browser sends its queued answers with its session and CSRF
token; a resend is stored once and a user who may not fill the form finds nothing."""

from __future__ import annotations

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from masar.accounts.personas import make_persona
from masar.collect.models import Submission
from masar.geo.tests.factories import location_in
from masar.indices.models import IndicatorValue

from .test_inbox import NOON, ki_body, ki_form, round_, xml  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOON, tick=False):
        yield


def send(client, body: bytes):
    upload = SimpleUploadedFile("submission.xml", body, content_type="text/xml")
    return client.post("/collect/web/submission", {"xml_submission_file": upload})


def test_queued_answers_become_the_rounds_values_once(personas, round_, ki_form):  # noqa: F811
    location_in("IQG15Q05N01", external_id="NIN-0100")
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["enumerator"])
    page = client.get(f"/collect/web/{ki_form.form_id}/")
    assert page.status_code == 200
    token = client.cookies["csrftoken"].value
    body = xml(ki_form, ki_body(ki_form, round_, "NIN-0100"))
    upload = SimpleUploadedFile("submission.xml", body, content_type="text/xml")
    answer = client.post(
        "/collect/web/submission", {"xml_submission_file": upload}, HTTP_X_CSRFTOKEN=token
    )
    assert answer.status_code == 201
    values = IndicatorValue.objects.filter(round=round_, location__external_id="NIN-0100")
    answered = values.count()
    assert answered > 5
    upload = SimpleUploadedFile("submission.xml", body, content_type="text/xml")
    again = client.post(
        "/collect/web/submission", {"xml_submission_file": upload}, HTTP_X_CSRFTOKEN=token
    )
    assert again.status_code == 200
    assert Submission.objects.count() == 1
    assert values.count() == answered


def test_the_door_wants_the_csrf_token(personas, round_, ki_form):  # noqa: F811
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["enumerator"])
    assert send(client, xml(ki_form, ki_body(ki_form, round_, "NIN-0100"))).status_code == 403
    assert not Submission.objects.exists()


def test_a_user_without_the_grant_finds_no_form(client, personas, round_, ki_form):  # noqa: F811
    client.force_login(make_persona("web_cw", "case_worker", govs="IQG15"))
    assert client.get(f"/collect/web/{ki_form.form_id}/").status_code == 404
    assert send(client, xml(ki_form, ki_body(ki_form, round_, "NIN-0100"))).status_code == 404
    assert not Submission.objects.exists()


def test_the_page_is_right_to_left_in_arabic(client, personas, ki_form):  # noqa: F811
    client.force_login(personas["enumerator"])
    page = client.get(f"/collect/web/{ki_form.form_id}/", HTTP_ACCEPT_LANGUAGE="ar")
    assert 'dir="rtl"' in page.content.decode()
    worker = client.get("/collect/web/sw.js")
    assert worker["Service-Worker-Allowed"] == "/collect/"


def test_the_form_opens_in_the_pages_language(client, personas, ki_form):  # noqa: F811
    client.force_login(personas["enumerator"])
    url = f"/collect/web/{ki_form.form_id}/form.xml"
    arabic = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<translation lang="Arabic (ar)" default="true()">' in arabic
    assert '<translation lang="English (en)">' in arabic
    assert arabic.count('default="true()"') == 1
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<translation lang="English (en)" default="true()">' in english
    assert english.count('default="true()"') == 1
