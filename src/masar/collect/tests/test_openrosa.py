"""The OpenRosa server, driven as ODK Collect drives it: device credentials over HTTP Basic, the
form list filtered by grants, manifests, HEAD then multipart POST, retries and edits."""

from __future__ import annotations

import base64
import hashlib
import http.client
import re
import uuid
from urllib.parse import urlparse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from masar.collect import actions, queries
from masar.collect import questionnaires as q
from masar.collect.choices import SubmissionStatus
from masar.collect.models import Submission, SubmissionAttachment
from masar.geo.tests.factories import location_in
from masar.indices.actions import ensure_shipped_methodologies

ENVELOPE = '<OpenRosaResponse xmlns="http://openrosa.org/http/response">'


def basic(username: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{secret}".encode()).decode()


@pytest.fixture
def device(personas):
    """Headers of a device signed in with a fresh collection credential of the persona."""

    def make(key: str) -> dict[str, str]:
        user = personas[key]
        _credential, secret = actions.create_credential(user, "Tablet 1")
        return {
            "HTTP_AUTHORIZATION": basic(user.username, secret),
            "HTTP_X_OPENROSA_VERSION": "1.0",
        }

    return make


@pytest.fixture
def methodologies(db):
    return ensure_shipped_methodologies()


def assert_openrosa_headers(response) -> None:
    assert response["X-OpenRosa-Version"] == "1.0"
    assert re.match(r"\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT", response["Date"])


def form_ids(response) -> list[str]:
    return re.findall(r"<formID>([^<]+)</formID>", response.content.decode())


def submission_xml(
    form: q.Questionnaire, instance_id: str, *, deprecated: str = "", answers: str = ""
) -> bytes:
    deprecated_tag = f"<deprecatedID>{deprecated}</deprecatedID>" if deprecated else ""
    return (
        f'<?xml version="1.0"?><data xmlns:orx="http://openrosa.org/xforms" '
        f'id="{form.form_id}" version="{form.version}">{answers}'
        f"<meta><instanceID>{instance_id}</instanceID>{deprecated_tag}</meta></data>"
    ).encode()


def post(client, headers, xml: bytes, **files):
    data = {"xml_submission_file": SimpleUploadedFile("submission.xml", xml, "text/xml")}
    data.update(files)
    return client.post("/collect/submission", data, **headers)


EMERGENCY = q.emergency_update()
UPDATE = "<event>e</event><location>L-1</location><reported_on>2024-05-01</reported_on>"


def test_without_a_device_credential_every_endpoint_challenges(client, personas):
    personas["enumerator"].set_password("staff-password")
    personas["enumerator"].save()
    for method, path in [("get", "/collect/formList"), ("head", "/collect/submission")]:
        response = getattr(client, method)(path)
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith('Basic realm="Masar"')
        assert_openrosa_headers(response)
    # The staff password is not a collection credential.
    staff = client.get("/collect/formList", HTTP_AUTHORIZATION=basic("enum", "staff-password"))
    assert staff.status_code == 401


def test_a_revoked_or_misnamed_credential_is_refused(client, personas):
    credential, secret = actions.create_credential(personas["enumerator"], "Lost phone")
    other = client.get("/collect/formList", HTTP_AUTHORIZATION=basic("im", secret))
    assert other.status_code == 401
    assert (
        client.get("/collect/formList", HTTP_AUTHORIZATION=basic("enum", secret)).status_code == 200
    )
    actions.revoke_credential(credential)
    revoked = client.get("/collect/formList", HTTP_AUTHORIZATION=basic("enum", secret))
    assert revoked.status_code == 401


def test_the_form_list_holds_the_forms_each_role_may_fill(client, device, methodologies):
    enumerator = client.get("/collect/formList", **device("enumerator"))
    assert enumerator.status_code == 200
    assert enumerator["Content-Type"].startswith("text/xml")
    assert_openrosa_headers(enumerator)
    assert '<xforms xmlns="http://openrosa.org/xforms/xformsList">' in enumerator.content.decode()
    assert set(form_ids(enumerator)) == {
        "masar_ki_return_index",
        "masar_ki_displacement_index",
        "masar_masterlist_update",
        "masar_emergency_update",
    }
    case_worker = client.get("/collect/formList", **device("case_worker"))
    assert set(form_ids(case_worker)) == {
        "masar_registration",
        "masar_check_in",
        "masar_post_return_monitoring",
    }
    assert form_ids(client.get("/collect/formList", **device("cfm_officer"))) == []


def test_each_listed_form_downloads_with_the_hash_the_list_gives(client, device, methodologies):
    headers = device("enumerator")
    listing = client.get(
        "/collect/formList", {"formID": "masar_ki_return_index", "verbose": "true"}, **headers
    ).content.decode()
    assert form_ids_text(listing) == ["masar_ki_return_index"]
    assert "<descriptionText>" in listing
    download = re.search(r"<downloadUrl>([^<]+)</downloadUrl>", listing).group(1)
    form = client.get(urlparse(download).path, **headers)
    assert form.status_code == 200
    assert_openrosa_headers(form)
    digest = hashlib.md5(form.content).hexdigest()
    assert f"<hash>md5:{digest}</hash>" in listing
    assert re.search(r"<version>[0-9a-f]{12}</version>", listing)
    assert "<manifestUrl>" in listing


def form_ids_text(text: str) -> list[str]:
    return re.findall(r"<formID>([^<]+)</formID>", text)


def test_the_manifest_serves_each_users_own_locations(client, device, methodologies):
    location_in("IQG15Q05N01", external_id="NIN-0001")
    location_in("IQG01Q01N01", external_id="ANB-0001")
    headers = device("enumerator")
    manifest = client.get("/collect/forms/masar_emergency_update/manifest", **headers)
    assert manifest.status_code == 200
    assert_openrosa_headers(manifest)
    text = manifest.content.decode()
    assert '<manifest xmlns="http://openrosa.org/xforms/xformsManifest">' in text
    urls = dict(
        re.findall(r"<filename>([^<]+)</filename><hash>[^<]+</hash><downloadUrl>([^<]+)", text)
    )
    assert set(urls) == {"locations.csv", "events.csv"}
    media = client.get(urlparse(urls["locations.csv"]).path, **headers)
    assert media.status_code == 200
    body = media.content.decode()
    assert body.startswith("name,label\n")
    assert "NIN-0001" in body
    assert "ANB-0001" not in body  # the enumerator works in Ninewa only
    digest = hashlib.md5(media.content).hexdigest()
    assert f"<filename>locations.csv</filename><hash>md5:{digest}</hash>" in text
    # The IM officer's grant is country-wide.
    everything = client.get(urlparse(urls["locations.csv"]).path, **device("im_officer"))
    assert "ANB-0001" in everything.content.decode()


def test_a_form_out_of_a_users_grants_looks_absent(client, device, methodologies):
    headers = device("case_worker")
    for path in [
        "/collect/forms/masar_emergency_update/form.xml",
        "/collect/forms/masar_emergency_update/manifest",
        "/collect/forms/masar_emergency_update/media/locations.csv",
        "/collect/forms/no_such_form/form.xml",
    ]:
        response = client.get(path, **headers)
        assert response.status_code == 404
        assert ENVELOPE in response.content.decode()


def test_head_then_post_stores_a_submission_once_and_an_edit_supersedes_it(client, device):
    headers = device("enumerator")
    head = client.head("/collect/submission", **headers)
    assert head.status_code == 204
    assert_openrosa_headers(head)
    assert int(head["X-OpenRosa-Accept-Content-Length"]) > 0
    instance = f"uuid:{uuid.uuid4()}"
    xml = submission_xml(EMERGENCY, instance, answers=UPDATE)
    photo = SimpleUploadedFile("1714550000.jpg", b"\xff\xd8 a photo", "image/jpeg")
    first = post(client, headers, xml, photo=photo)
    assert first.status_code == 201
    assert_openrosa_headers(first)
    assert first["X-OpenRosa-Accept-Content-Length"]
    body = first.content.decode()
    assert ENVELOPE in body
    assert '<message nature="submit_success">' in body
    stored = Submission.objects.get(instance_id=instance)
    # Applied at once; event "e" does not exist, so it waits in the inbox with why.
    assert (stored.status, stored.problem) == (SubmissionStatus.WAITING, "unknown_event")
    assert stored.form_id == "masar_emergency_update"
    assert stored.form_version == EMERGENCY.version
    assert stored.xml == xml.decode()
    assert stored.checksum == hashlib.sha256(xml).hexdigest()
    assert stored.source == "openrosa"
    assert stored.submitted_by.username == "enum"
    attachment = stored.attachments.get()
    assert attachment.name == "1714550000.jpg"
    assert attachment.file.name.startswith(f"collect/{stored.uid}/")
    assert attachment.file.read() == b"\xff\xd8 a photo"

    # Collect retries on a flaky link: success again, stored once.
    retry = post(client, headers, xml)
    assert retry.status_code == 201
    assert '<message nature="submit_success">' in retry.content.decode()
    assert Submission.objects.filter(instance_id=instance).count() == 1
    assert SubmissionAttachment.objects.filter(submission=stored).count() == 1

    # An edit names the submission it corrects.
    edited = f"uuid:{uuid.uuid4()}"
    correction = submission_xml(EMERGENCY, edited, deprecated=instance, answers=UPDATE)
    assert post(client, headers, correction).status_code == 201
    edit = Submission.objects.get(instance_id=edited)
    assert edit.deprecated_id == instance
    assert edit.supersedes == stored
    assert Submission.objects.count() == 2


def test_attachments_sent_in_a_later_post_join_the_submission(client, device):
    headers = device("enumerator")
    instance = f"uuid:{uuid.uuid4()}"
    xml = submission_xml(EMERGENCY, instance, answers=UPDATE)
    post(client, headers, xml, a=SimpleUploadedFile("a.jpg", b"a", "image/jpeg"))
    post(client, headers, xml, b=SimpleUploadedFile("b.jpg", b"b", "image/jpeg"))
    stored = Submission.objects.get(instance_id=instance)
    assert sorted(stored.attachments.values_list("name", flat=True)) == ["a.jpg", "b.jpg"]


@pytest.mark.parametrize(
    ("xml", "status"),
    [
        (b"<data id='masar_emergency_update'><unclosed></data>", 400),
        (b"<data id='masar_emergency_update'><meta></meta></data>", 400),
        (b"<data id='no_such_form'><meta><instanceID>uuid:1</instanceID></meta></data>", 404),
        (
            b"<!DOCTYPE d [<!ENTITY a 'aaaa'>]><data id='masar_emergency_update'>&a;"
            b"<meta><instanceID>uuid:2</instanceID></meta></data>",
            400,
        ),
    ],
    ids=["malformed", "no-instance-id", "unknown-form", "doctype"],
)
def test_a_bad_submission_is_refused_with_an_envelope_and_nothing_written(
    client, device, xml, status
):
    response = post(client, device("enumerator"), xml)
    assert response.status_code == status
    assert_openrosa_headers(response)
    assert ENVELOPE in response.content.decode()
    assert Submission.objects.count() == 0


def test_a_submission_without_the_xml_part_is_refused(client, device):
    response = client.post("/collect/submission", {"note": "x"}, **device("enumerator"))
    assert response.status_code == 400
    assert Submission.objects.count() == 0


@override_settings(COLLECT_MAX_ATTACHMENT_BYTES=10)
def test_an_oversize_attachment_is_refused_and_nothing_written(client, device):
    xml = submission_xml(EMERGENCY, f"uuid:{uuid.uuid4()}", answers=UPDATE)
    big = SimpleUploadedFile("big.jpg", b"x" * 11, "image/jpeg")
    response = post(client, device("enumerator"), xml, photo=big)
    assert response.status_code == 413
    assert ENVELOPE in response.content.decode()
    assert Submission.objects.count() == 0
    assert SubmissionAttachment.objects.count() == 0


@override_settings(COLLECT_MAX_SUBMISSION_BYTES=100)
def test_an_oversize_body_is_refused(client, device):
    xml = submission_xml(EMERGENCY, f"uuid:{uuid.uuid4()}", answers=UPDATE)
    response = post(client, device("enumerator"), xml)
    assert response.status_code == 413
    assert Submission.objects.count() == 0


def test_a_user_without_the_grant_may_not_submit(client, device):
    xml = submission_xml(EMERGENCY, f"uuid:{uuid.uuid4()}", answers=UPDATE)
    response = post(client, device("case_worker"), xml)
    assert response.status_code == 403
    assert ENVELOPE in response.content.decode()
    assert Submission.objects.count() == 0


def test_another_body_under_a_known_instance_id_is_refused(client, device):
    headers = device("enumerator")
    instance = f"uuid:{uuid.uuid4()}"
    assert post(client, headers, submission_xml(EMERGENCY, instance)).status_code == 201
    other = post(client, headers, submission_xml(EMERGENCY, instance, answers=UPDATE))
    assert other.status_code == 409
    assert Submission.objects.get().xml == submission_xml(EMERGENCY, instance).decode()


def multipart(boundary: str, xml: bytes, files: dict[str, bytes]) -> bytes:
    parts = [
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="xml_submission_file"; '
            f'filename="submission.xml"\r\nContent-Type: text/xml\r\n\r\n'
        ).encode()
        + xml
        + b"\r\n"
    ]
    for name, data in files.items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{name}"\r\nContent-Type: image/jpeg\r\n\r\n'
            ).encode()
            + data
            + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def chunks(data: bytes, size: int = 97):
    for start in range(0, len(data), size):
        yield data[start : start + size]


@pytest.mark.django_db(transaction=True)
def test_odk_collect_conformance_over_a_real_http_server_with_a_chunked_body(live_server, personas):
    """HEAD, then a chunked multipart POST with the OpenRosa headers and basic auth, a retry of
    the same instanceID, and an edit, through Django's own HTTP server."""
    _credential, secret = actions.create_credential(personas["enumerator"], "Tablet 7")
    headers = {"Authorization": basic("enum", secret), "X-OpenRosa-Version": "1.0"}
    address = urlparse(live_server.url)

    def send(method: str, body=None, extra=None):
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        connection.request(
            method, "/collect/submission", body=body, headers={**headers, **(extra or {})}
        )
        response = connection.getresponse()
        result = (response.status, dict(response.getheaders()), response.read().decode())
        connection.close()
        return result

    status, head, _ = send("HEAD")
    assert status == 204
    assert head["X-OpenRosa-Version"] == "1.0"
    assert "Date" in head
    limit = int(head["X-OpenRosa-Accept-Content-Length"])
    assert limit > 0

    instance = f"uuid:{uuid.uuid4()}"
    boundary = uuid.uuid4().hex
    body = multipart(
        boundary,
        submission_xml(EMERGENCY, instance, answers=UPDATE),
        {"photo.jpg": b"\xff\xd8" + b"p" * 1000},
    )
    content_type = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    for _attempt in range(2):  # the second is Collect's retry
        # An iterable body and no Content-Length: http.client sends Transfer-Encoding: chunked.
        status, answer, text = send("POST", chunks(body), content_type)
        assert status == 201, text
        assert answer["X-OpenRosa-Version"] == "1.0"
        assert "Date" in answer
        assert ENVELOPE in text
        assert '<message nature="submit_success">' in text
    stored = Submission.objects.get(instance_id=instance)
    assert stored.attachments.get().size == 1002

    edited = f"uuid:{uuid.uuid4()}"
    correction = multipart(
        boundary, submission_xml(EMERGENCY, edited, deprecated=instance, answers=UPDATE), {}
    )
    status, _answer, _text = send("POST", chunks(correction), content_type)
    assert status == 201
    assert Submission.objects.get(instance_id=edited).supersedes == stored
    assert Submission.objects.count() == 2
    assert queries.submission_by_instance(instance) == stored


def test_a_body_the_server_already_dechunked_is_read_to_its_end(personas):
    """Behind gunicorn the chunks arrive decoded, with no Content-Length and the stream marked
    `wsgi.input_terminated` (checked by hand against gunicorn; see docs/collection.md)."""
    import io

    from django.core.handlers.wsgi import WSGIRequest
    from django.test import RequestFactory

    from masar.collect import openrosa

    _credential, secret = actions.create_credential(personas["enumerator"], "Tablet 9")
    instance = f"uuid:{uuid.uuid4()}"
    boundary = uuid.uuid4().hex
    body = multipart(boundary, submission_xml(EMERGENCY, instance, answers=UPDATE), {})
    environ = RequestFactory().post("/collect/submission").environ
    environ.pop("CONTENT_LENGTH", None)
    environ.update(
        {
            "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
            "HTTP_TRANSFER_ENCODING": "chunked",
            "HTTP_AUTHORIZATION": basic("enum", secret),
            "wsgi.input": io.BytesIO(body),
            "wsgi.input_terminated": True,
        }
    )
    response = openrosa.submission(WSGIRequest(environ))
    assert response.status_code == 201
    assert Submission.objects.filter(instance_id=instance).count() == 1


def test_two_grants_do_not_pool_into_a_wider_list(client, personas):
    """An enumerator in Ninewa who is also a case worker in Anbar gets Ninewa's locations on
    the location forms and Anbar's sites on the registration form, never the union."""
    from masar.accounts.choices import OrganisationKind, Role
    from masar.accounts.personas import make_persona
    from masar.geo.tests.factories import site_in

    make_persona("enum_cw", Role.ENUMERATOR, "IOM", OrganisationKind.UN, "IQG15")
    user = make_persona("enum_cw", Role.CASE_WORKER, "Other NGO", OrganisationKind.NGO, "IQG01")
    location_in("IQG15Q05N01", external_id="NIN-0003")
    location_in("IQG01Q01N01", external_id="ANB-0003")
    ninewa_site, anbar_site = site_in("IQG15Q05N01"), site_in("IQG01Q01N01")
    _credential, secret = actions.create_credential(user, "Tablet 3")
    auth = {"HTTP_AUTHORIZATION": basic("enum_cw", secret)}
    listed = set(form_ids(client.get("/collect/formList", **auth)))
    assert {"masar_emergency_update", "masar_registration"} <= listed
    locations = client.get(
        "/collect/forms/masar_emergency_update/media/locations.csv", **auth
    ).content.decode()
    assert "NIN-0003" in locations
    assert "ANB-0003" not in locations
    sites = client.get("/collect/forms/masar_registration/media/sites.csv", **auth).content.decode()
    assert anbar_site.external_id in sites
    assert ninewa_site.external_id not in sites
