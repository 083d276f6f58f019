"""From a stored submission to the records it describes, through the actions the pages use.

Key-informant answers become indicator values of the round (`indices.record_answers`), master-
list updates become figures of a draft round (`tracking.record_location_update`), registrations
go through the help-desk duplicate check and `register_checked`, check-in and monitoring answers
complete their follow-up, emergency updates add to their event (`tracking.record_update`). The
answers pass through the very Django forms of the case pages, so a field rule holds the same
on a phone as on a page.

Nothing is applied twice: a submission is locked while it is applied and leaves "received" or
"waiting" only once. What cannot be applied waits, with a problem code and its particulars
(shown in the reader's language), for a reviewer to fix the answer and apply it again or to
reject it. Every record written is linked back to its submission (`SubmissionLink`).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from masar.accounts.choices import CASE_ROLES
from masar.accounts.grants import get_grants
from masar.cases import actions as case_actions
from masar.cases.access import households_visible_to, registering_organisation
from masar.cases.choices import FollowUpKind, FollowUpStatus
from masar.cases.forms import AttemptForm, FollowUpForm, HouseholdForm, MemberForm
from masar.cases.models import FollowUp, Household
from masar.geo.models import AdminArea, Location, Site
from masar.indices.access import assessable_location, assessable_locations, assessable_rounds
from masar.indices.actions import record_answers
from masar.indices.choices import ValueSource
from masar.indices.engine import AnswerError
from masar.indices.queries import get_methodology
from masar.lib.numbers import CountError, parse_count
from masar.tracking.choices import EmergencyStatus
from masar.tracking.emergencies import COUNTS, record_update
from masar.tracking.importing import load_layout
from masar.tracking.location_updates import LocationUpdate, record_location_update
from masar.tracking.models import EmergencyEvent, Round

from . import actions, queries
from . import questionnaires as q
from .access import CASE_FORMS
from .answers import Answers, read_answers
from .choices import SubmissionStatus
from .models import Submission, SubmissionLink

# Why a submission waits. The particulars are filled in when the message is shown.
PROBLEMS: dict[str, Any] = {
    "unknown_form": gettext_lazy("No form %(form)s is served any more."),
    "old_version": gettext_lazy(
        "Filled in on form version %(version)s; the form is now at version %(current)s. "
        "Check the answers, then apply it anyway."
    ),
    "unknown_round": gettext_lazy("No round %(value)s is open for answers."),
    "unknown_location": gettext_lazy("No location %(value)s in the master list."),
    "unknown_site": gettext_lazy("No site %(value)s."),
    "out_of_reach": gettext_lazy(
        "%(value)s is outside the governorates of the grants of %(user)s."
    ),
    "unknown_event": gettext_lazy("No active emergency event %(value)s."),
    "unknown_case": gettext_lazy("No case %(value)s among the cases %(user)s works on."),
    "follow_up_closed": gettext_lazy(
        "The %(kind)s of case %(case)s is already completed: record a new one on the case page."
    ),
    "no_follow_up": gettext_lazy("Case %(case)s has no %(kind)s to do."),
    "likely_duplicate": gettext_lazy(
        "Likely the same household as %(cases)s. Check, then apply it as a new household if "
        "it is not."
    ),
    "edit_of_applied": gettext_lazy(
        "This edits a submission already applied to case %(case)s: make the change on the "
        "case page, then reject this edit."
    ),
    "invalid": gettext_lazy("%(field)s: %(message)s"),
    "refused": gettext_lazy("Refused: %(message)s"),
}


class NotApplied(Exception):
    """The submission cannot be applied as it stands: `problem` is a key of PROBLEMS."""

    def __init__(self, problem: str, *, field: str = "", **detail: str):
        super().__init__(problem)
        self.problem = problem
        self.field = field
        if field:
            detail = {"field": detail.pop("field_label", field), "field_name": field, **detail}
        self.detail = detail


def problem_text(submission: Submission) -> str:
    """The reason a submission waits, in the active language."""
    if not submission.problem:
        return ""
    template = PROBLEMS.get(submission.problem, PROBLEMS["refused"])
    detail = {"field": "", "message": "", **(submission.problem_detail or {})}
    try:
        return str(template) % detail
    except (KeyError, ValueError, TypeError):
        return str(template)


@dataclass
class Job:
    """One submission being applied, by whom, and where it turned out to be about."""

    user: Any
    submission: Submission
    form: q.Questionnaire
    answers: Answers
    duplicates_checked: bool = False
    governorate: AdminArea | None = None
    organisation_id: int | None = None
    links: list[tuple[models.Model, str]] = field(default_factory=list)
    # Look-ups shared by the submissions of one bulk run (the open rounds of a user).
    memo: dict[Any, Any] = field(default_factory=dict)

    def text(self, name: str) -> str:
        value = self.answers.get(name, "")
        return value.strip() if isinstance(value, str) else ""

    def link(self, record: models.Model, note: str = "") -> None:
        self.links.append((record, note[:200]))


# Marks the memo of a bulk run, where reading a whole reach once beats a query per submission.
BULK = "bulk"


def repeats_of(form: q.Questionnaire) -> list[str]:
    return [cells["name"] for cells in form.survey if cells["type"] == "begin_repeat"]


def apply_submission(
    user,
    submission: Submission,
    *,
    version_checked: bool = False,
    duplicates_checked: bool = False,
    memo: dict | None = None,
) -> Submission:
    """Apply a received or waiting submission as `user`; leave it waiting with its problem when
    it cannot be. `version_checked`: a reviewer saw that it was filled on an older form version;
    `duplicates_checked`: a reviewer saw the likely duplicates and registers it nonetheless;
    `memo`: look-ups shared across one bulk run, which must not outlive it."""
    # Inside a bulk run's transaction no savepoint of its own: an error that is not a refusal
    # undoes the whole chunk anyway; the inner savepoint is what undoes a refused one.
    with transaction.atomic(savepoint=False):
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.status in (SubmissionStatus.APPLIED, SubmissionStatus.REJECTED):
            return locked
        locked.attempts += 1
        job: Job | None = None
        try:
            with transaction.atomic():
                job = _job(
                    user, locked, version_checked, duplicates_checked, {} if memo is None else memo
                )
                APPLIERS[job.form.name](job)
                _link(locked, job.links)
        except NotApplied as refusal:
            _wait(locked, refusal.problem, refusal.detail)
        except AnswerError as exc:
            _wait(locked, "refused", {"message": "; ".join(exc.args[0]) if exc.args else ""})
        except (ValidationError, PermissionDenied) as exc:
            _wait(locked, "refused", {"message": _message(exc)})
        else:
            locked.status = SubmissionStatus.APPLIED
            locked.problem, locked.problem_detail = "", {}
            locked.decided_at, locked.decided_by = timezone.now(), user
        if job is not None:
            locked.governorate = job.governorate or locked.governorate
            locked.organisation_id = job.organisation_id or locked.organisation_id
        locked.save()
    return locked


def receive_and_apply(user, xml: bytes, attachments: list, **options) -> actions.Receipt:
    """What every door does with a sent form: store it raw (committed on its own, so a problem
    in applying leaves it waiting, never lost), then apply it if it is new."""
    receipt = actions.receive_submission(user, xml, attachments, **options)
    if receipt.submission.status == SubmissionStatus.RECEIVED:
        receipt.submission = apply_submission(user, receipt.submission)
    return receipt


def apply_received(user=None, *, batch: int = 500, progress: Callable | None = None) -> dict:
    """Apply every submission still "received", oldest first, each as its submitter (or as
    `user`). Returns the counts by resulting status; `progress(done, total)` after each."""
    pending = Submission.objects.filter(status=SubmissionStatus.RECEIVED).order_by("received_at")
    total = pending.count()
    counts: dict[str, int] = {SubmissionStatus.APPLIED: 0, SubmissionStatus.WAITING: 0}
    done = 0
    # Look-ups shared by the whole run (forms, rounds, methodologies, each sender's reach) and
    # one object per sender, so that its grants are read once.
    memo: dict = {BULK: True}
    senders: dict[int | None, Any] = {}
    while True:
        chunk = list(pending.select_related("submitted_by", "supersedes")[:batch])
        if not chunk:
            break
        # One transaction per chunk, each submission in a savepoint of it: a commit per
        # submission would cost more than applying it, and an error that is not a refusal
        # leaves the whole chunk "received", to be applied again.
        with transaction.atomic():
            for submission in chunk:
                sender = user or senders.setdefault(
                    submission.submitted_by_id, submission.submitted_by
                )
                result = apply_submission(sender, submission, memo=memo)
                counts[result.status] = counts.get(result.status, 0) + 1
                done += 1
                if progress is not None:
                    progress(done, total)
    return counts


@transaction.atomic
def correct_and_apply(
    user, submission: Submission, corrections: dict[str, str], **checked: bool
) -> Submission:
    """Keep a reviewer's corrected answers beside the raw ones, then apply again."""
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if locked.status not in (SubmissionStatus.RECEIVED, SubmissionStatus.WAITING):
        raise ValidationError(_("Only a waiting submission can be corrected."))
    changed = {key: str(value).strip() for key, value in corrections.items()}
    locked.corrections = {**(locked.corrections or {}), **changed}
    locked.save(update_fields=["corrections"])
    return apply_submission(
        user,
        locked,
        version_checked=checked.get("version_checked", False),
        duplicates_checked=checked.get("duplicates_checked", False),
    )


@transaction.atomic
def reject_submission(user, submission: Submission, reason: str) -> Submission:
    """Set a waiting submission aside for good, with the reviewer's reason (kept raw)."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for rejecting the submission."))
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if locked.status not in (SubmissionStatus.RECEIVED, SubmissionStatus.WAITING):
        raise ValidationError(_("Only a waiting submission can be rejected."))
    locked.status = SubmissionStatus.REJECTED
    locked.reason = reason.strip()[:2000]
    locked.decided_at, locked.decided_by = timezone.now(), user
    locked.save()
    return locked


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("You may not do this.")


def _wait(submission: Submission, problem: str, detail: dict) -> None:
    submission.status = SubmissionStatus.WAITING
    submission.problem = problem
    submission.problem_detail = {key: str(value) for key, value in detail.items()}


def _link(submission: Submission, links: Iterable[tuple[models.Model, str]]) -> None:
    SubmissionLink.objects.bulk_create(
        SubmissionLink(
            submission=submission,
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            note=note,
        )
        for record, note in links
    )


def _job(
    user, submission: Submission, version_checked: bool, duplicates_checked: bool, memo: dict
) -> Job:
    key = ("form", submission.form_id)
    if key not in memo:
        memo[key] = queries.questionnaire(submission.form_id)
    form = memo[key]
    if form is None:
        raise NotApplied("unknown_form", form=submission.form_id)
    if submission.form_version and submission.form_version != form.version and not version_checked:
        raise NotApplied("old_version", version=submission.form_version, current=form.version)
    job = Job(user, submission, form, read_answers(submission, repeats_of(form)), memo=memo)
    job.duplicates_checked = duplicates_checked
    if form.name in CASE_FORMS and submission.submitted_by is not None:
        # Until the case is known, a case form waits with the sender's organisation, so that
        # its supervisors are the ones to review it.
        organisations = sorted(get_grants(submission.submitted_by).organisations(*CASE_ROLES))
        job.organisation_id = organisations[0] if organisations else None
    _settle_edit(job)
    return job


def _settle_edit(job: Job) -> None:
    """An edit (deprecatedID) replaces the submission it corrects. If that one still waits, it
    is set aside and the edit applied instead; if it was applied, location-level answers are
    simply written again (they replace what was there), but a case is changed on its page."""
    earlier = job.submission.supersedes
    if earlier is None:
        return
    if earlier.status in (SubmissionStatus.RECEIVED, SubmissionStatus.WAITING):
        earlier.status = SubmissionStatus.REJECTED
        earlier.reason = _("Replaced by its edit %(instance)s.") % {
            "instance": job.submission.instance_id
        }
        earlier.decided_at, earlier.decided_by = timezone.now(), job.user
        earlier.save()
    elif earlier.status == SubmissionStatus.APPLIED and job.form.name in CASE_FORMS:
        household = Household.objects.filter(
            pk__in=SubmissionLink.objects.filter(
                submission=earlier,
                content_type=ContentType.objects.get_for_model(Household),
            ).values("object_id")
        ).first() or _follow_up_household(earlier)
        if household is not None:
            job.governorate, job.organisation_id = household.governorate, household.organisation_id
        raise NotApplied("edit_of_applied", case=household.case_number if household else "")


def _follow_up_household(submission: Submission) -> Household | None:
    link = SubmissionLink.objects.filter(
        submission=submission, content_type=ContentType.objects.get_for_model(FollowUp)
    ).first()
    return FollowUp.objects.get(pk=link.object_id).household if link else None


# Location-level answers -----------------------------------------------------------------


def _round(job: Job, name: str) -> Round:
    value = job.text(name)
    key = ("rounds", job.user.pk)
    if key not in job.memo:
        job.memo[key] = {str(r.uid): r for r in assessable_rounds(job.user)}
    open_rounds = job.memo[key]
    if value not in open_rounds:
        raise NotApplied("unknown_round", field=name, value=value)
    return open_rounds[value]


def _location(job: Job, name: str) -> Location:
    """The location named by its ID, within the applier's grants (its governorate noted)."""
    value = job.text(name)
    if BULK in job.memo:  # a bulk run reads the applier's reach once, not once per submission
        key = ("assessable", job.user.pk)
        if key not in job.memo:  # ids and governorates only: a national reach is large
            reach = (
                assessable_locations(job.user)
                .select_related(None)
                .only("pk", "external_id", "governorate")
            )
            governorates = {area.pk: area for area in AdminArea.objects.filter(level=1)}
            places = {}
            for place in reach.iterator():
                place.governorate = governorates[place.governorate_id]
                places[place.external_id] = place
            job.memo[key] = places
        location = job.memo[key].get(value.strip())
    else:
        location = assessable_location(job.user, value)
    if location is not None:
        job.governorate = location.governorate
        return location
    job.governorate = _master_list_location(job, name).governorate
    raise NotApplied("out_of_reach", field=name, value=value, user=str(job.user))


def _master_list_location(job: Job, name: str) -> Location:
    value = job.text(name)
    location = Location.objects.select_related("governorate").filter(external_id=value).first()
    if location is None:
        raise NotApplied("unknown_location", field=name, value=value)
    return location


def _number(job: Job, name: str) -> float | None:
    value = job.text(name)
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise NotApplied("invalid", field=name, message=_("not a number")) from None


def _count(job: Job, name: str) -> int | None:
    try:
        return parse_count(job.text(name))
    except CountError as exc:
        raise NotApplied("invalid", field=name, message=str(exc)) from None


def apply_key_informant(job: Job) -> None:
    spec = job.form.context["methodology"]
    key = ("methodology", spec)
    if key not in job.memo:
        job.memo[key] = get_methodology(spec)
    methodology = job.memo[key]
    round_ = _round(job, "round")
    location = _location(job, "location")
    values: dict[str, float | None] = {
        code: number
        for code in methodology.engine.indicator_codes
        if (number := _number(job, code)) is not None
    }
    record_answers(
        round_,
        location,
        methodology.name,
        values,
        user=job.user,
        source=ValueSource.COLLECTED,
        methodology=methodology,
    )
    job.link(location, f"{methodology.name} · {round_}")


def apply_masterlist_update(job: Job) -> None:
    round_ = _round(job, "round")
    value = job.text("location_id")
    location = _master_list_location(job, "location_id")
    job.governorate = location.governorate
    origin = None
    if job.text("origin"):
        origin = AdminArea.objects.filter(level=1, pcode=job.text("origin")).first()
        if origin is None:
            raise NotApplied("invalid", field="origin", message=_("not a governorate P-code"))
    shelters = load_layout("masar").shelters
    update = LocationUpdate(
        population_type=job.text("population"),
        families_by_shelter={
            shelter: count for shelter in shelters if (count := _count(job, shelter)) is not None
        },
        individuals=_count(job, "individuals"),
        origin=origin,
        period=job.text("period"),
    )
    try:
        record_location_update(job.user, round_, location, update)
    except PermissionDenied:
        raise NotApplied(
            "out_of_reach", field="location_id", value=value, user=str(job.user)
        ) from None
    job.link(location, f"{update.population_type} · {round_}")


def apply_emergency_update(job: Job) -> None:
    uid = job.text("event")
    event = EmergencyEvent.objects.filter(status=EmergencyStatus.ACTIVE, uid__in=_uuids(uid))
    if not event.exists():
        raise NotApplied("unknown_event", field="event", value=uid)
    location = _location(job, "location")
    reported_on = parse_date(job.text("reported_on")[:10])
    if reported_on is None:
        raise NotApplied("invalid", field="reported_on", message=_("not a date"))
    data: dict[str, Any] = {"location": location.external_id, "reported_on": reported_on}
    data.update({key: _count(job, key) or 0 for key in COUNTS})
    update = record_update(job.user, event.get(), data)
    job.link(update, str(reported_on))


def _uuids(text: str) -> list[str]:
    try:
        return [str(uuid.UUID(text))]
    except ValueError:
        return []


# Case answers ---------------------------------------------------------------------------

YES = frozenset({"yes", "true", "1", "on"})


def _form_data(form_class: type[forms.Form], answers: Answers, **kwargs) -> dict[str, Any]:
    """The answers as the page's form would post them: a yes/no question's "yes" ticks the
    checkbox of the same name."""
    fields = form_class(**kwargs).fields
    data: dict[str, Any] = {}
    for name, form_field in fields.items():
        value = answers.get(name)
        if value is None or isinstance(value, list):
            continue
        if isinstance(form_field, forms.BooleanField):
            if str(value).strip().lower() in YES:
                data[name] = "on"
        else:
            data[name] = value
    return data


def _valid(form: forms.Form) -> dict[str, Any]:
    if form.is_valid():
        return form.cleaned_data
    name, errors = next(iter(form.errors.items()))
    label = form.fields[name].label if name in form.fields else name
    raise NotApplied("invalid", field=name, field_label=str(label or name), message=str(errors[0]))


def apply_registration(job: Job) -> None:
    site = (
        Site.objects.select_related("governorate")
        .filter(external_id=job.text("current_site"))
        .first()
    )
    if site is not None:
        job.governorate = site.governorate
        if job.submission.submitted_by is not None:
            with contextlib.suppress(PermissionDenied):
                job.organisation_id = registering_organisation(
                    job.submission.submitted_by, site.governorate.pcode
                )
    household_form = HouseholdForm(
        _form_data(HouseholdForm, job.answers, user=job.user, sensitive=False),
        user=job.user,
        sensitive=False,
    )
    data = _valid(household_form)
    job.governorate = data["current_site"].governorate
    rows = job.answers.get("members") or []
    if not rows:
        raise NotApplied("invalid", field="members", message=_("No members were given."))
    people = [_valid(MemberForm(_form_data(MemberForm, row))) for row in rows]
    checks = case_actions.likely_duplicates(job.user, people)
    shown = [candidate for check in checks for candidate in check.shown]
    if shown and not job.duplicates_checked:
        cases = sorted({candidate.household.case_number for candidate in shown})
        raise NotApplied("likely_duplicate", cases=", ".join(cases))
    household = case_actions.register_checked(
        job.user, data, people, checks, registered_on=_local_day(job.submission)
    )
    job.organisation_id = household.organisation_id
    job.link(household, household.case_number)


def _local_day(submission: Submission) -> date:
    return timezone.localdate(submission.received_at)


def apply_follow_up(job: Job) -> None:
    kind = job.form.context["follow_up_kind"]
    number = job.text("case_number")
    household = households_visible_to(job.user).filter(case_number=number).first()
    if household is None:
        raise NotApplied("unknown_case", field="case_number", value=number, user=str(job.user))
    job.governorate, job.organisation_id = household.governorate, household.organisation_id
    label = str(FollowUpKind(kind).label)
    item = household.follow_ups.filter(kind=kind, status=FollowUpStatus.SCHEDULED).first()
    if item is None:
        closed = household.follow_ups.filter(kind=kind).exclude(status=FollowUpStatus.SCHEDULED)
        problem = "follow_up_closed" if closed.exists() else "no_follow_up"
        raise NotApplied(problem, case=number, kind=label)
    reached = job.text("reached").lower() in YES
    day = _local_day(job.submission)
    follow_up_form = None
    if reached:
        follow_up_form = FollowUpForm(_form_data(FollowUpForm, job.answers, kind=kind), kind=kind)
        day = _valid(follow_up_form)["completed_on"]
    attempt = _valid(AttemptForm({**_form_data(AttemptForm, job.answers), "attempted_on": day}))
    case_actions.record_follow_up_attempt(job.user, item, **attempt)
    if follow_up_form is not None:
        details = {k: v for k, v in follow_up_form.cleaned_data.items() if not k.startswith("q_")}
        case_actions.complete_follow_up(job.user, item, answers=follow_up_form.answers(), **details)
    job.link(item, f"{household.case_number} · {label}")


APPLIERS: dict[str, Callable[[Job], None]] = {
    q.KEY_INFORMANT: apply_key_informant,
    q.MASTERLIST_UPDATE: apply_masterlist_update,
    q.EMERGENCY_UPDATE: apply_emergency_update,
    q.REGISTRATION: apply_registration,
    q.CHECK_IN: apply_follow_up,
    q.POST_RETURN_MONITORING: apply_follow_up,
}
