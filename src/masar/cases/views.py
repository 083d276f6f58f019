"""Case pages: thin wrappers that parse a form, call one action or query, and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from masar.core.redirects import safe_next
from masar.core.searches import recall, stash
from masar.core.workflow import InvalidInput

from . import actions, queries
from .access import (
    can_override,
    departure_lists_visible_to,
    get_household_for_user,
    government_view,
    households_visible_to,
    is_case_worker,
    log_households_shown,
    reads_cases,
    sees_sensitive,
)
from .choices import CaseState, FollowUpStatus
from .forms import (
    ArrivalCorrectionForm,
    AttemptForm,
    ConsentForm,
    DepartureListForm,
    DestinationAssessmentForm,
    FollowUpForm,
    HouseholdForm,
    MemberForm,
    MemberFormSet,
    OverrideForm,
    PaidForm,
    PaymentForm,
    VersionedForm,
    VisitForm,
)
from .hooks import (
    case_page_sections,
    worklist_sections,
)
from .manifest import manifest_pdf, manifest_xlsx
from .severity import destination_concerns, has_override
from .workflow import WORKFLOW, labelled_timeline


def _list_url(name: str, **params: str) -> str:
    """A list page's URL with the given (non-personal) parameters that are set."""
    from urllib.parse import urlencode

    from django.urls import reverse

    query = urlencode({key: value for key, value in params.items() if value})
    return f"{reverse(name)}?{query}" if query else reverse(name)


def _case_worker_only(request) -> None:
    if not is_case_worker(request.user):
        raise Http404


def _opened(request) -> bool:
    """Whether a form page is being opened (a read, logged) rather than posted to (a write,
    which the case's history records; a refused one must leave no trace)."""
    return request.method == "GET"


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
def case_list(request):
    """The case list and search. A search is posted (names, phones and ID numbers never go in
    a URL) and comes back as `?search=<opaque key>`; the page's cases are logged as read.
    Roles that reach no household get a 404, not an empty list."""
    if not reads_cases(request.user):
        raise Http404
    if request.method == "POST":
        return redirect(
            _list_url(
                "cases:list",
                search=stash(request, request.POST.get("q", "")),
                state=request.POST.get("state", ""),
            )
        )
    search = recall(request, request.GET.get("search"))
    state = request.GET.get("state", "")
    households = queries.list_households(request.user, search=search, state=state)
    page = queries.page_of(households.order_by("-registered_on", "-id"), request.GET.get("page"))
    log_households_shown(request.user, page.object_list)
    return render(
        request,
        "cases/list.html",
        {
            "page": page,
            "search": search,
            "state": state,
            "states": CaseState.choices,
            "may_register": is_case_worker(request.user),
        },
    )


@login_required
def register(request):
    _case_worker_only(request)
    sensitive = sees_sensitive(request.user)
    form = HouseholdForm(request.POST or None, user=request.user, sensitive=sensitive)
    members = MemberFormSet(request.POST or None, prefix="m", initial=[{"relationship": "head"}])
    matches: list = []
    # Both are checked, so that every missing field is shown at once.
    valid = request.method == "POST" and all([form.is_valid(), members.is_valid()])
    if valid:
        people = [m.cleaned_data for m in members if m.cleaned_data]
        checks = actions.likely_duplicates(request.user, people)
        matches = [candidate for check in checks for candidate in check.shown]
        log_households_shown(request.user, [match.household for match in matches])
        if not matches or request.POST.get("checked_duplicates"):
            try:
                household = actions.register_checked(
                    request.user, form.cleaned_data, people, checks
                )
            except (ValidationError, PermissionDenied) as exc:
                error = exc if isinstance(exc, ValidationError) else ValidationError(str(exc))
                _errors(request, error)
            else:
                messages.success(
                    request, _("Registered as %(case)s.") % {"case": household.case_number}
                )
                return redirect("cases:detail", uid=household.uid)
    return render(
        request, "cases/register.html", {"form": form, "members": members, "matches": matches}
    )


@login_required
def case_detail(request, uid):
    household = get_household_for_user(request.user, uid)
    if government_view(request.user, household):
        return render(
            request,
            "cases/detail_government.html",
            {"household": household, "options": actions.available_actions(request.user, household)},
        )
    context = queries.get_case_page(household)
    context["events"] = labelled_timeline(context["events"])
    concerns = destination_concerns(household) if household.destination_id else []
    context.update(
        household=household,
        options=actions.available_actions(request.user, household),
        concerns=concerns,
        overridden=bool(concerns) and has_override(household),
        can_override=can_override(request.user, household),
        sensitive=sees_sensitive(request.user, household),
        today=timezone.localdate(),
        sections=_sections(case_page_sections.call(request.user, household)),
    )
    return render(request, "cases/detail.html", context)


@login_required
def case_action(request, uid, action: str):
    """One page per workflow action: what is missing, the severity, and the action's form."""
    household = get_household_for_user(request.user, uid, log=_opened(request))
    transition = WORKFLOW.find(action, household)
    if transition is None:
        raise Http404
    form = WORKFLOW.form_for(action, request.user, household, initial=_date_defaults(transition))
    status = 200
    if request.method == "POST":
        try:
            actions.transition(
                request.user,
                household,
                action,
                request.POST,
                expected_version=request.POST.get("version"),
            )
        except InvalidInput as exc:
            form, status = exc.form, 400
        except ValidationError as exc:
            form, status = WORKFLOW.form_for(action, request.user, household, request.POST), 400
            _errors(request, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            status = 403
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": transition.label})
            if not households_visible_to(request.user).filter(pk=household.pk).exists():
                # A government officer's part is done: the case is no longer sent to them.
                return redirect("cases:list")
            return redirect("cases:detail", uid=household.uid)
    options = {o.action: o for o in actions.available_actions(request.user, household)}
    concerns = destination_concerns(household) if action == "schedule_departure" else []
    return render(
        request,
        "cases/action.html",
        {
            "household": household,
            "transition": transition,
            "form": form,
            "version": household.version,
            "missing": options[action].missing if action in options else [],
            "concerns": concerns,
            "overridden": bool(concerns) and has_override(household),
        },
        status=status,
    )


def _date_defaults(transition) -> dict:
    """Today in the transition's required date fields, as the page opens."""
    from django.forms import DateField

    today = timezone.localdate()
    fields = transition.form.base_fields.items() if transition.form else ()
    return {
        name: today for name, field in fields if isinstance(field, DateField) and field.required
    }


def _simple_form_page(request, household, form, title, perform):
    if request.method == "POST" and form.is_valid():
        try:
            perform(form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("cases:detail", uid=household.uid)
    return render(
        request, "cases/form.html", {"household": household, "form": form, "title": title}
    )


@login_required
def override(request, uid):
    household = get_household_for_user(request.user, uid, log=_opened(request))
    if not can_override(request.user, household):
        raise Http404
    form = OverrideForm(request.POST or None)
    return _simple_form_page(
        request,
        household,
        form,
        _("Approve a departure to a severe destination"),
        lambda data: actions.override_destination(request.user, household, data["reason"]),
    )


@login_required
def edit_consent(request, uid):
    household = get_household_for_user(request.user, uid, log=_opened(request))
    _case_worker_only(request)
    initial = {
        "version": household.version,
        **{f: getattr(household, f) for f in ConsentForm.base_fields if f != "version"},
    }
    form = ConsentForm(request.POST or None, initial=initial)

    def perform(data):
        version = data.pop("version")
        actions.record_consent(request.user, household, data, expected_version=version)

    return _simple_form_page(request, household, form, _("Record or renew consent"), perform)


@login_required
def edit_household(request, uid):
    household = get_household_for_user(request.user, uid, log=_opened(request))
    _case_worker_only(request)
    sensitive = sees_sensitive(request.user, household)
    fields = [f for f in HouseholdForm.base_fields if not f.startswith("consent_")]
    initial = {field: getattr(household, field) for field in fields if hasattr(household, field)}
    if household.destination_id:
        initial["destination"] = household.destination.external_id
    form = HouseholdForm(
        request.POST or None, user=request.user, sensitive=sensitive, initial=initial
    )
    for field in [f for f in form.fields if f.startswith("consent_")]:
        del form.fields[field]
    form.fields["version"] = VersionedForm.base_fields["version"]
    form.initial["version"] = household.version

    def perform(data):
        version = data.pop("version")
        actions.update_household(request.user, household, data, expected_version=version)

    return _simple_form_page(request, household, form, _("Edit household"), perform)


@login_required
def add_member(request, uid):
    household = get_household_for_user(request.user, uid, log=_opened(request))
    _case_worker_only(request)
    form = MemberForm(request.POST or None, initial={"relationship": "child"})
    form.fields["version"] = VersionedForm.base_fields["version"]
    form.initial["version"] = household.version

    def perform(data):
        version = data.pop("version")
        actions.add_member(request.user, household, data, expected_version=version)

    return _simple_form_page(request, household, form, _("Add a member"), perform)


@login_required
def add_visit(request, uid):
    household = get_household_for_user(request.user, uid, log=_opened(request))
    _case_worker_only(request)
    form = VisitForm(request.POST or None, initial={"visited_on": timezone.localdate()})
    return _simple_form_page(
        request,
        household,
        form,
        _("Record a visit"),
        lambda data: actions.record_visit(request.user, household, data),
    )


@login_required
def add_payment(request, uid):
    household = get_household_for_user(request.user, uid, log=_opened(request))
    _case_worker_only(request)
    form = PaymentForm(request.POST or None)
    return _simple_form_page(
        request,
        household,
        form,
        _("Approve a grant"),
        lambda data: actions.approve_payment(request.user, household, data["purpose"]),
    )


@login_required
def pay(request, uid, payment_uid):
    household = get_household_for_user(request.user, uid, log=_opened(request))
    _case_worker_only(request)
    payment = get_object_or_404(household.payments, uid=payment_uid)
    form = PaidForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    return _simple_form_page(
        request,
        household,
        form,
        _("Record the payment"),
        lambda data: actions.mark_payment_paid(request.user, payment, **data),
    )


@login_required
def correct_arrival(request, uid):
    household = get_household_for_user(request.user, uid, log=_opened(request))
    _case_worker_only(request)
    form = ArrivalCorrectionForm(request.POST or None)
    return _simple_form_page(
        request,
        household,
        form,
        _("Correct the arrival date"),
        lambda data: actions.correct_arrival_date(request.user, household, data["arrived_on"]),
    )


@login_required
def follow_up(request, uid, follow_up_uid):
    household = get_household_for_user(request.user, uid, log=_opened(request))
    _case_worker_only(request)
    item = get_object_or_404(household.follow_ups, uid=follow_up_uid)
    today = timezone.localdate()
    attempt_form = AttemptForm(
        request.POST if "attempt" in request.POST else None, initial={"attempted_on": today}
    )
    form = FollowUpForm(
        request.POST if "complete" in request.POST else None,
        kind=item.kind,
        initial={"completed_on": today},
    )
    if request.method == "POST":
        try:
            if "attempt" in request.POST and attempt_form.is_valid():
                actions.record_follow_up_attempt(request.user, item, **attempt_form.cleaned_data)
                messages.success(request, _("Attempt recorded."))
                return redirect("cases:follow_up", uid=uid, follow_up_uid=item.uid)
            if "complete" in request.POST and form.is_valid():
                data = {k: v for k, v in form.cleaned_data.items() if not k.startswith("q_")}
                result = actions.complete_follow_up(
                    request.user, item, answers=form.answers(), **data
                )
                if result.referral_prompt:
                    messages.warning(
                        request, _("A risk or need was recorded: refer the household to a partner.")
                    )
                    return redirect(_referral_prefilled(household, item))
                return redirect("cases:detail", uid=uid)
        except ValidationError as exc:
            _errors(request, exc)
    return render(
        request,
        "cases/follow_up.html",
        {
            "household": household,
            "item": item,
            "attempt_form": attempt_form,
            "form": form,
            "done": item.status != FollowUpStatus.SCHEDULED,
        },
    )


def _referral_prefilled(household, item) -> str:
    """The new-referral form for the follow-up's finding. Only the follow-up's id goes in the
    URL: the form reads the need from the follow-up itself (no free text in URLs)."""
    from django.urls import reverse

    return f"{reverse('referrals:new', args=[household.uid])}?follow_up={item.uid}"


@login_required
def destination_assessment(request, location_uid):
    from masar.geo.access import get_location_for_user

    _case_worker_only(request)
    location = get_location_for_user(request.user, location_uid)
    form = DestinationAssessmentForm(
        request.POST or None, initial={"assessed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_destination_assessment(request.user, location, form.cleaned_data)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Destination assessment recorded."))
            return safe_next(request, "cases:list")
    assessments = location.destination_assessments.all()[:10]
    return render(
        request,
        "cases/destination.html",
        {"location": location, "form": form, "assessments": assessments},
    )


@login_required
def worklists(request):
    today = timezone.localdate()
    user = request.user
    mine = queries.list_households(user).filter(assigned_to=user)
    lists = {
        "mine": list(mine.exclude(state__in=["closed", "withdrawn"]).order_by("state")[:50]),
        "due": list(queries.follow_ups_due(user, today=today)[:50]),
        "overdue": list(queries.overdue_follow_ups(user, today=today)[:50]),
        "clearances": list(queries.pending_clearances(user)[:50]),
        "awaiting_override": list(queries.awaiting_override(user)[:50]),
    }
    log_households_shown(
        user,
        [
            *lists["mine"],
            *(item.household for item in lists["due"] + lists["overdue"]),
            *lists["clearances"],
            *lists["awaiting_override"],
        ],
    )
    return render(
        request,
        "cases/worklists.html",
        {
            **lists,
            "departure_lists": departure_lists_visible_to(user).filter(departed=False)[:50],
            "sections": _sections(worklist_sections.call(user)),
            "today": today,
        },
    )


def _sections(answers: list) -> list:
    """The sections other apps contribute to a page; a listener with nothing to show answers
    None."""
    return [section for section in answers if section is not None]


@login_required
def dashboard(request):
    return render(
        request,
        "cases/dashboard.html",
        {"pipeline": queries.pipeline(request.user), "states": dict(CaseState.choices)},
    )


@login_required
def departure_lists(request):
    _case_worker_only(request)
    form = DepartureListForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            departure_list = actions.create_departure_list(
                request.user, form.cleaned_data["site"], form.cleaned_data["departure_date"]
            )
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            return redirect("cases:departure_list", uid=departure_list.uid)
    lists = departure_lists_visible_to(request.user)[:100]
    return render(request, "cases/departure_lists.html", {"form": form, "lists": lists})


def _get_departure_list(request, uid):
    try:
        return departure_lists_visible_to(request.user).get(uid=uid)
    except Exception as exc:
        raise Http404 from exc


@login_required
def departure_list(request, uid):
    _case_worker_only(request)
    dlist = _get_departure_list(request, uid)
    if request.method == "POST":
        try:
            if "add" in request.POST:
                household = get_household_for_user(request.user, request.POST["add"], log=False)
                actions.add_to_departure_list(request.user, dlist, household)
            elif "depart" in request.POST:
                count = actions.depart_list(request.user, dlist, departed_on=timezone.localdate())
                messages.success(request, _("%(n)s households marked departed.") % {"n": count})
        except ValidationError as exc:
            _errors(request, exc)
        return redirect("cases:departure_list", uid=dlist.uid)
    listed = queries.departure_list_rows(dlist)
    candidates = (
        queries.list_households(request.user, state=CaseState.DEPARTURE_SCHEDULED)
        .filter(current_site=dlist.site)
        .exclude(pk__in=[row["household"].pk for row in listed])
    )
    shown = list(candidates[:200])
    log_households_shown(request.user, [*(row["household"] for row in listed), *shown])
    return render(
        request,
        "cases/departure_list.html",
        {"dlist": dlist, "rows": listed, "candidates": shown},
    )


@login_required
def departure_manifest(request, uid, fmt: str):
    _case_worker_only(request)
    dlist = _get_departure_list(request, uid)
    rows = queries.departure_list_rows(dlist)
    name = f"manifest-{dlist.site.external_id}-{dlist.departure_date:%Y%m%d}"
    if fmt == "pdf":
        response = HttpResponse(manifest_pdf(request, dlist, rows), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    elif fmt == "xlsx":
        response = HttpResponse(
            manifest_xlsx(dlist, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    else:
        raise Http404
    log_households_shown(
        request.user, [row["household"] for row in rows], via="export", action="export"
    )
    return response
