"""Referral pages: the partner inbox, sending from a case, the referral page, catalogue, report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from masar.accounts.choices import CASE_ACTORS
from masar.accounts.models import Organisation
from masar.cases import queries as case_queries
from masar.cases.access import get_household_for_user, log_households_shown
from masar.cases.hooks import referral_prefill
from masar.core.choices import ServiceSector
from masar.core.workflow_pages import action_fields, run_posted

from . import access, actions, queries
from .access import get_referral_for_user, log_referrals_shown, services_visible_to
from .forms import ReferralForm, ServiceForm
from .workflow import REFERRAL_WORKFLOW, TIMELINE_ACTIONS


@login_required
def index(request):
    if not access.uses_referrals(request.user):
        raise Http404
    context = {}
    if access.receives_referrals(request.user):
        context["inbox"] = queries.inbox(request.user)
    if access.refers_households(request.user):
        context["to_follow_up"] = list(queries.referrals_to_follow_up(request.user)[:50])
        context["sent"] = list(queries.sent_by_my_organisation(request.user)[:100])
    inbox = context.get("inbox", {})
    log_referrals_shown(
        request.user,
        [
            *(r for part in inbox.values() for r in part),
            *context.get("to_follow_up", []),
            *context.get("sent", []),
        ],
    )
    return render(request, "referrals/index.html", context)


@login_required
def new_referral(request, household_uid):
    household = get_household_for_user(request.user, household_uid, log=False)
    if not access.reaches_household(request.user, household, CASE_ACTORS):
        raise Http404
    # Opening the form is a read (logged, with the record it is prefilled from); sending is a
    # write, in the referral's history.
    opened = request.method == "GET"
    if opened:
        log_households_shown(request.user, [household])
    location = actions.service_location(household)
    services = services_visible_to(request.user).filter(active=True)
    if location is not None:
        services = services.filter(governorates=location.governorate_id)
    initial = {
        **(_prefill(request, household) if opened else {}),
        "share": ["name", "phone", "location", "need"],
    }
    consent = household.consent_referral
    form = ReferralForm(request.POST or None, services=services, consent=consent, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = actions.send_referral(
                request.user,
                household,
                data["service"],
                reason=data["reason"],
                urgency=data["urgency"],
                share=set(data["share"]),
                need=data["need"],
                override_reason=data.get("override_reason", ""),
            )
        except (ValidationError, PermissionDenied) as exc:
            for message in getattr(exc, "messages", [str(exc)]):
                messages.error(request, message)
        else:
            messages.success(request, _("Referral %(ref)s sent.") % {"ref": referral.reference})
            return redirect("cases:detail", uid=household.uid)
    return render(
        request,
        "referrals/new.html",
        {
            "household": household,
            "form": form,
            "consent": consent,
            "can_override": access.may_refer_without_consent(request.user, household),
        },
    )


def _prefill(request, household) -> dict:
    """The need and reason of the record the form was opened from (`?follow_up=<uid>` or a
    record another app answers for, e.g. `?ticket=<uid>`), read on the server within the
    user's scope: the URL names the record, never its text."""
    follow_up = request.GET.get("follow_up")
    if follow_up:
        return case_queries.referral_prefill(household, follow_up)
    for answer in referral_prefill.call(request.user, household, request.GET):
        if answer:
            return answer
    return {}


@login_required
def detail(request, uid):
    referral = get_referral_for_user(request.user, uid, log=request.method == "GET")
    status = 200
    if request.method == "POST":
        status = run_posted(request, REFERRAL_WORKFLOW, referral) or 200
        if status == 200:
            return redirect("referrals:detail", uid=referral.uid)
    options = REFERRAL_WORKFLOW.options(request.user, referral)
    typed = request.POST.dict() if status != 200 else None
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "events": REFERRAL_WORKFLOW.labelled(
                referral.events.select_related("actor"), TIMELINE_ACTIONS
            ),
            "options": options,
            "fields": action_fields(REFERRAL_WORKFLOW, request.user, referral, options, typed),
            "sender": access.is_sender(request.user, referral),
            "overdue": referral.is_overdue(),
        },
        status=status,
    )


@login_required
def services(request):
    catalogue = services_visible_to(request.user).filter(active=True)
    sector = request.GET.get("sector", "")
    if sector:
        catalogue = catalogue.filter(sector=sector)
    return render(request, "referrals/services.html", {"services": catalogue, "sector": sector})


@login_required
def new_service(request):
    """A partner focal point publishes a service of their organisation."""
    orgs = access.service_organisations(request.user)
    if not orgs:
        raise Http404
    form = ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = Organisation.objects.get(pk=min(orgs))
        data = dict(form.cleaned_data)
        governorates = data.pop("governorates")
        actions.publish_service(request.user, organisation, data, governorates)
        messages.success(request, _("Service published."))
        return redirect("referrals:services")
    return render(request, "referrals/service_form.html", {"form": form})


@login_required
def report(request):
    if not access.reads_referral_report(request.user):
        raise Http404
    report = queries.report(request.user)
    log_referrals_shown(request.user, report["overdue"])
    return render(
        request,
        "referrals/report.html",
        {"report": report, "sectors": dict(ServiceSector.choices)},
    )
