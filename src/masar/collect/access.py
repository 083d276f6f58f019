"""Who may fill which questionnaire: the one table, built on the role sets of masar.accounts.

The form list a device sees, the lists attached to a form and the submissions accepted all ask
here; nothing else decides which roles collect what.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from masar.accounts.choices import ASSESSORS, CASE_ACTORS, Role
from masar.accounts.grants import get_grants

from . import questionnaires as q
from .models import CollectionCredential, Submission

# Location-level forms are collected by assessors (enumerators, IM officers); the case forms by
# those who act on cases in their organisation.
FORM_ROLES: dict[str, frozenset[str]] = {
    q.KEY_INFORMANT: ASSESSORS,
    q.MASTERLIST_UPDATE: ASSESSORS,
    q.EMERGENCY_UPDATE: ASSESSORS,
    q.REGISTRATION: CASE_ACTORS,
    q.CHECK_IN: CASE_ACTORS,
    q.POST_RETURN_MONITORING: CASE_ACTORS,
}


def may_fill(user, name: str) -> bool:
    """Whether one of the user's grants carries a role that fills questionnaire `name`."""
    return get_grants(user).holds(*FORM_ROLES[name])


def reach(user, name: str, governorate: str = "governorate__pcode") -> Q:
    """The rows (locations, sites) in the governorates of the user's grants for this form:
    the lists on a device hold only the places its user works in."""
    return get_grants(user).q(*FORM_ROLES[name], governorate=governorate)


# Every role that fills some questionnaire: who gets device credentials and the menu entry.
COLLECTORS: frozenset[str] = frozenset().union(*FORM_ROLES.values())


def is_collector(user) -> bool:
    return get_grants(user).holds(*COLLECTORS)


def own_credential(user, uid) -> CollectionCredential:
    """One of the user's own device credentials: nobody manages another's devices here."""
    if not is_collector(user):
        raise Http404
    try:
        return CollectionCredential.objects.get(uid=uid, user=user)
    except (CollectionCredential.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


# Who reviews what could not be applied: those who manage the records each form writes. Case
# supervisors see their organisation's submissions in their governorates; an IM officer's grant
# is country-wide; an administrator sees everything.
FORM_REVIEWERS: dict[str, frozenset[str]] = {
    q.KEY_INFORMANT: frozenset({Role.IM_OFFICER}),
    q.MASTERLIST_UPDATE: frozenset({Role.IM_OFFICER}),
    q.EMERGENCY_UPDATE: frozenset({Role.IM_OFFICER}),
    q.REGISTRATION: frozenset({Role.CASE_SUPERVISOR}),
    q.CHECK_IN: frozenset({Role.CASE_SUPERVISOR}),
    q.POST_RETURN_MONITORING: frozenset({Role.CASE_SUPERVISOR}),
}
CASE_FORMS = frozenset({q.REGISTRATION, q.CHECK_IN, q.POST_RETURN_MONITORING})
REVIEWERS: frozenset[str] = frozenset({Role.ADMIN}).union(*FORM_REVIEWERS.values())


def is_reviewer(user) -> bool:
    return get_grants(user).holds(*REVIEWERS)


def submissions_q(user, form_names: dict[str, str]) -> Q:
    """The submissions the user sees: their own, and those a reviewer grant of theirs reaches.
    `form_names`: form ID -> questionnaire name of the forms served."""
    grants = get_grants(user)
    if not grants.authenticated:
        return Q(pk__in=[])
    condition = Q(submitted_by=user) | grants.q(Role.ADMIN, governorate=None)
    for name, roles in FORM_REVIEWERS.items():
        ids = sorted(form_id for form_id, form_name in form_names.items() if form_name == name)
        if not ids or not grants.holds(*roles):
            continue
        reach = grants.q(
            *roles,
            governorate="governorate__pcode",
            organisation="organisation_id" if name in CASE_FORMS else None,
        )
        condition |= Q(form_id__in=ids) & reach
    return condition


def may_review(user, submission: Submission, form_name: str | None) -> bool:
    """Whether the user may correct, apply or reject this submission (not merely see it)."""
    grants = get_grants(user)
    if grants.holds(Role.ADMIN):
        return True
    if form_name is None:
        return False
    pcode = submission.governorate.pcode if submission.governorate is not None else None
    organisation = submission.organisation_id if form_name in CASE_FORMS else None
    if form_name in CASE_FORMS and organisation is None:
        return False
    return grants.permits(*FORM_REVIEWERS[form_name], pcode=pcode, organisation_id=organisation)


def submissions_visible_to(user, form_names: dict[str, str]) -> QuerySet[Submission]:
    return Submission.objects.filter(submissions_q(user, form_names))


def get_submission(user, uid, form_names: dict[str, str]) -> Submission:
    """One submission the user may see; any other answers 404, as if it did not exist."""
    try:
        return submissions_visible_to(user, form_names).get(uid=uid)
    except (Submission.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


# Who configures and runs pulls from KoBoToolbox and ODK Central.
PULLERS: frozenset[str] = frozenset({Role.IM_OFFICER, Role.ADMIN})


def may_pull(user) -> bool:
    return get_grants(user).holds(*PULLERS)
