"""Pull submissions from KoBoToolbox (API v2) or ODK Central (OData, through pyodk).

A pull reads page by page, in submission order, from just after the cursor. Each page is
stored (once per instanceID), applied through `applying.apply_submission` like an OpenRosa
submission, and committed together with the cursor: an interrupted pull resumes after the last
committed page, and only one page is ever held in memory.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import requests
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from pyodk._utils.config import CentralConfig, Config
from pyodk._utils.session import Session
from pyodk.client import Client

from . import access, applying, queries
from .choices import PayloadFormat, PullKind, PullStatus, SubmissionSource
from .models import PullSource, Submission, SubmissionAttachment

TIMEOUT = (10, 120)
Progress = Callable[[int, int], None]


class PullRefused(Exception):
    """A pull that cannot start: a bad source, a missing secret, a user who may not."""


def _fernet() -> Fernet:
    # A key of its own, derived from SECRET_KEY: the sealed secrets change with it.
    digest = hashlib.sha256(b"masar.collect.pull:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def secret_of(source: PullSource) -> str:
    """The token (KoBo) or password (Central): from the named variable, or unsealed."""
    if source.secret_env:
        value = os.environ.get(source.secret_env, "")
        if not value:
            raise PullRefused(f"The environment variable {source.secret_env} is not set.")
        return value
    if not source.secret_sealed:
        raise PullRefused("No token or password is stored for this source.")
    return _fernet().decrypt(source.secret_sealed.encode()).decode()


@dataclass
class Record:
    """One remote submission, as stored: its identity, cursor position and attachments."""

    instance_id: str
    deprecated_id: str
    when: str
    key: str
    body: dict[str, Any]
    form_version: str = ""
    attachments: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class Page:
    records: list[Record]
    total: int


@dataclass
class PullResult:
    stored: int = 0
    already_had: int = 0
    applied: int = 0
    waiting: int = 0
    skipped: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def kobo_pages(source: PullSource, session: requests.Session, page_size: int) -> Iterator[Page]:
    """GET /api/v2/assets/{uid}/data/ after the cursor, oldest first, following `next`."""
    query: dict[str, Any] = {}
    if source.cursor_time:
        query = {
            "$or": [
                {"_submission_time": {"$gt": source.cursor_time}},
                {"_submission_time": source.cursor_time, "_id": {"$gt": int(source.cursor_id)}},
            ]
        }
    url: str | None = f"{source.base_url.rstrip('/')}/api/v2/assets/{source.remote_form}/data/"
    params: dict[str, Any] | None = {
        "format": "json",
        "limit": page_size,
        "query": json.dumps(query),
        "sort": json.dumps({"_submission_time": 1, "_id": 1}),
    }
    while url:
        response = session.get(url, params=params, timeout=TIMEOUT)
        response.raise_for_status()
        data = response.json()
        records = [_kobo_record(item) for item in data.get("results", [])]
        yield Page(records, int(data.get("count") or 0))
        url, params = data.get("next"), None


def _kobo_record(item: dict[str, Any]) -> Record:
    return Record(
        instance_id=item.get("meta/instanceID") or f"uuid:{item['_uuid']}",
        deprecated_id=item.get("meta/deprecatedID", ""),
        when=item["_submission_time"],
        key=str(item["_id"]),
        body=item,
        attachments=[
            (
                a.get("media_file_basename") or a["filename"].rsplit("/", 1)[-1],
                a["download_url"],
                a.get("mimetype", ""),
            )
            for a in item.get("_attachments", [])
            if not a.get("is_deleted")
        ],
    )


def central_pages(source: PullSource, client: Any, page_size: int) -> Iterator[Page]:
    """OData Submissions after the cursor, repeats expanded inline, oldest first."""
    skip = 0
    condition = f"__system/submissionDate ge {source.cursor_time}" if source.cursor_time else None
    while True:
        data = client.submissions.get_table(
            form_id=source.remote_form,
            project_id=source.project,
            skip=skip,
            top=page_size,
            count=True,
            expand="*",
            filter=condition,
        )
        rows = data.get("value", [])
        records = [
            _central_record(row) for row in rows if not (row.get("__system") or {}).get("deletedAt")
        ]
        yield Page(records, int(data.get("@odata.count") or 0))
        if len(rows) < page_size:
            return
        skip += len(rows)


def _central_record(row: dict[str, Any]) -> Record:
    meta = row.get("meta") or {}
    system = row.get("__system") or {}
    return Record(
        instance_id=meta.get("instanceID") or row["__id"],
        deprecated_id=meta.get("deprecatedID") or "",
        when=system["submissionDate"],
        key=row["__id"],
        body=row,
        form_version=system.get("formVersion") or "",
    )


def central_client(source: PullSource) -> Any:
    password = secret_of(source)
    config = Config(central=CentralConfig(source.base_url, source.username, password))
    # No cache file: the session token lives in memory for this pull only.
    session = Session(source.base_url, "v1", source.username, password, cache_path=None)
    return Client(config=config, session=session, project_id=source.project)


def pull(
    user,
    source: PullSource,
    *,
    page_size: int = 500,
    apply: bool = True,
    progress: Progress | None = None,
    from_start: bool = False,
) -> PullResult:
    """Pull what is new on `source` into its questionnaire, stored and applied as `user`."""
    form = queries.questionnaire(source.form_id)
    if form is None:
        raise PullRefused(f"No questionnaire with the form ID {source.form_id!r} is served.")
    if not access.may_fill(user, form.name):
        raise PullRefused(f"{user} may not submit the questionnaire {form.name}.")
    if from_start:
        source.cursor_time, source.cursor_id = "", ""
    result = PullResult()
    if source.kind == PullKind.KOBO:
        session = requests.Session()
        session.headers["Authorization"] = f"Token {secret_of(source)}"
        pages: Iterator[Page] = kobo_pages(source, session, page_size)
        kind = SubmissionSource.KOBO
    else:
        session = None
        pages = central_pages(source, central_client(source), page_size)
        kind = SubmissionSource.CENTRAL
    PullSource.objects.filter(pk=source.pk).update(
        last_status=PullStatus.RUNNING,
        last_error="",
        last_started_at=timezone.now(),
        progress_done=0,
    )
    done = 0
    try:
        for page in pages:
            with transaction.atomic():
                for record in page.records:
                    submission, created = _store(user, source, kind, record, session)
                    if not created:
                        result.already_had += 1
                        continue
                    result.stored += 1
                    if apply:
                        status = applying.apply_submission(user, submission).status
                        if status == "applied":
                            result.applied += 1
                        else:
                            result.waiting += 1
                if page.records:
                    last = page.records[-1]
                    source.cursor_time, source.cursor_id = last.when, last.key
                done += len(page.records)
                source.progress_done, source.progress_total = done, max(page.total, done)
                source.last_counts = result.as_dict()
                source.save(
                    update_fields=[
                        "cursor_time",
                        "cursor_id",
                        "progress_done",
                        "progress_total",
                        "last_counts",
                    ]
                )
            if progress is not None:
                progress(done, max(page.total, done))
    except Exception as exc:
        PullSource.objects.filter(pk=source.pk).update(
            last_status=PullStatus.FAILED,
            last_error=str(exc)[:2000],
            last_finished_at=timezone.now(),
        )
        raise
    PullSource.objects.filter(pk=source.pk).update(
        last_status=PullStatus.DONE, last_finished_at=timezone.now(), last_counts=result.as_dict()
    )
    return result


def _digest(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _store(
    user, source: PullSource, kind: str, record: Record, session: requests.Session | None
) -> tuple[Submission, bool]:
    existing = Submission.objects.filter(instance_id=record.instance_id).first()
    if existing is not None:
        return existing, False
    supersedes = (
        Submission.objects.filter(instance_id=record.deprecated_id).first()
        if record.deprecated_id
        else None
    )
    submission = Submission.objects.create(
        form_id=source.form_id,
        form_version=record.form_version,
        instance_id=record.instance_id,
        deprecated_id=record.deprecated_id,
        supersedes=supersedes,
        xml=json.dumps(record.body, ensure_ascii=False),
        payload_format=PayloadFormat.JSON,
        checksum=_digest(record.body),
        source=kind,
        submitted_by=user,
    )
    if session is not None:
        for name, url, mimetype in record.attachments:
            _download(submission, session, name, url, mimetype)
    return submission, True


def _download(
    submission: Submission, session: requests.Session, name: str, url: str, mimetype: str
) -> None:
    """Keep an attachment up to the size limit; a larger one is left on the server."""
    limit = settings.COLLECT_MAX_ATTACHMENT_BYTES
    with session.get(url, stream=True, timeout=TIMEOUT) as response:
        response.raise_for_status()
        data = bytearray()
        for chunk in response.iter_content(65536):
            data.extend(chunk)
            if len(data) > limit:
                return
    SubmissionAttachment.objects.create(
        submission=submission,
        name=name[:200],
        file=ContentFile(bytes(data), name=name[:200]),
        content_type=mimetype[:100],
        size=len(data),
        checksum=hashlib.sha256(data).hexdigest(),
    )
