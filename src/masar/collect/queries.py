"""Reads for field collection: the questionnaires served, and each user's copy of their lists."""

from __future__ import annotations

import csv
import io
from functools import cache

from django.db.models import Count, Q, QuerySet
from django.utils import translation

from masar.geo.models import AdminArea, Location, Site
from masar.indices.queries import latest_methodologies
from masar.tracking.choices import EmergencyStatus
from masar.tracking.models import EmergencyEvent, Round

from . import access
from . import questionnaires as q
from .choices import SubmissionStatus
from .models import CollectionCredential, Submission, SubmissionLink

# Key-informant answers are collected while a round is still a draft: the latest ones are offered.
OFFERED_ROUNDS = 12


@cache
def _fixed(name: str) -> q.Questionnaire:
    return q.build(name)


_KEY_INFORMANT: dict[str, q.Questionnaire] = {}


def _key_informant(methodology) -> q.Questionnaire:
    # A methodology version is immutable, so its form is built once per process.
    key = f"{methodology.key}:{methodology.checksum}"
    if key not in _KEY_INFORMANT:
        _KEY_INFORMANT[key] = q.key_informant(methodology)
    return _KEY_INFORMANT[key]


def served_questionnaires() -> list[q.Questionnaire]:
    """Every form the server offers: the key-informant assessment of the newest version of each
    methodology, then the other questionnaires. Built once per process: they change only with
    the code, its translations, or a new methodology version."""
    forms = [_key_informant(methodology) for methodology in latest_methodologies()]
    forms += [_fixed(name) for name in q.NAMES if name != q.KEY_INFORMANT]
    return forms


def questionnaires_for(user) -> list[q.Questionnaire]:
    return [form for form in served_questionnaires() if access.may_fill(user, form.name)]


def questionnaire(form_id: str) -> q.Questionnaire | None:
    return next((form for form in served_questionnaires() if form.form_id == form_id), None)


def _names(area) -> str:
    return " / ".join(name for name in (area.name_en, area.name_ar) if name)


def media_rows(user, form: q.Questionnaire, filename: str) -> list[tuple[str, str]] | None:
    """The (name, label) rows of one of the form's CSV lists, as `user` may see them (None: the
    whole list, for an XLSForm exported to another server). None when the form has no such file."""
    if filename not in form.attachments:
        return None
    everything = Q(pk__isnull=False)
    if filename == q.LOCATIONS:
        reach = everything if user is None else access.reach(user, form.name)
        locations = Location.objects.filter(reach).order_by("external_id")
        return [(loc.external_id, f"{loc.external_id} {_names(loc)}") for loc in locations]
    if filename == q.SITES:
        reach = everything if user is None else access.reach(user, form.name)
        sites = Site.objects.filter(reach).order_by("external_id")
        return [
            # The site's ID, as the registration page's place picker reads it.
            (
                site.external_id,
                f"{site.external_id} {' / '.join(n for n in (site.name, site.name_ar) if n)}",
            )
            for site in sites
        ]
    if filename == q.ROUNDS:
        rounds = Round.objects.order_by("-end_date")[:OFFERED_ROUNDS]
        return [
            (
                str(r.uid),
                f"{r.number or ''} {r.start_date:%Y-%m-%d} – {r.end_date:%Y-%m-%d}".strip(),
            )
            for r in rounds
        ]
    if filename in (q.GOVERNORATES, q.DISTRICTS):
        level = 1 if filename == q.GOVERNORATES else 2
        areas = AdminArea.objects.filter(level=level).order_by("pcode")
        return [(area.pcode, f"{area.pcode} {_names(area)}") for area in areas]
    events = EmergencyEvent.objects.filter(status=EmergencyStatus.ACTIVE).order_by("-start_date")
    return [(str(event.uid), event.name) for event in events]


def media_csv(user, form: q.Questionnaire, filename: str) -> bytes | None:
    """The list as the CSV `select_one_from_file` reads: a `name` and a `label` column."""
    rows = media_rows(user, form, filename)
    if rows is None:
        return None
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["name", "label"])
    writer.writerows(rows)
    return buffer.getvalue().encode()


def submission_by_instance(instance_id: str) -> Submission | None:
    return Submission.objects.filter(instance_id=instance_id).first()


def credentials_of(user) -> list[CollectionCredential]:
    """The user's device credentials, live ones first."""
    credentials = CollectionCredential.objects.filter(user=user)
    return sorted(credentials, key=lambda c: (c.revoked_at is not None, -c.created_at.timestamp()))


def form_names() -> dict[str, str]:
    """Form ID -> questionnaire name, of every form served."""
    return {form.form_id: form.name for form in served_questionnaires()}


def form_titles() -> dict[str, str]:
    """Form ID -> the form's title in the active language."""
    language = translation.get_language() or "en"
    return {
        form.form_id: q.translations(form.title).get(language.split("-")[0])
        or q.translations(form.title)["en"]
        for form in served_questionnaires()
    }


def inbox(user, *, status: str = "", form_id: str = "") -> QuerySet[Submission]:
    """The submissions the user sees, newest first; by default those waiting for review."""
    submissions = access.submissions_visible_to(user, form_names()).select_related(
        "submitted_by", "governorate"
    )
    if status in SubmissionStatus.values:
        submissions = submissions.filter(status=status)
    if form_id:
        submissions = submissions.filter(form_id=form_id)
    return submissions.order_by("-received_at", "-id")


def inbox_counts(user) -> dict[str, int]:
    """How many submissions the user sees in each status (every status, zeros included): raw
    submissions always equal received + applied + waiting + rejected."""
    rows = (
        access.submissions_visible_to(user, form_names())
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {status: 0 for status in SubmissionStatus.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def links_of(submission: Submission) -> list[SubmissionLink]:
    return list(submission.links.select_related("content_type"))


def submission_of(record) -> Submission | None:
    """The submission a record (a household, a follow-up, an emergency update…) came from."""
    from django.contrib.contenttypes.models import ContentType

    link = (
        SubmissionLink.objects.filter(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk
        )
        .select_related("submission")
        .first()
    )
    return link.submission if link else None
