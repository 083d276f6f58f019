"""Referral pages: the partner inbox, sending from a case, the referral page, catalogue, report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from masar.accounts.scope import get_scope
from masar.cases.access import can_override, get_household_for_user, is_case_worker

from . import actions, queries
from .access import (
    can_manage_service,
    get_referral_for_user,
    is_receiver,
    is_sender,
    services_visible_to,
)
from .choices import ACTION_LABELS, LIFECYCLE
from .forms import ReferralActionForm, ReferralForm, ServiceForm


@login_required
def index(request):
    scope = get_scope(request.user)
    if not scope.has_role("partner_focal_point", "case_worker", "case_supervisor", "admin"):
        raise Http404
    context = {}
    if scope.has_role("partner_focal_point"):
        context["inbox"] = queries.inbox(request.user)
    if is_case_worker(request.user):
        context["to_follow_up"] = queries.referrals_to_follow_up(request.user)[:50]
        context["sent"] = queries.sent_by_my_organisation(request.user)[:100]
    return render(request, "referrals/index.html", context)


@login_required
def new_referral(request, household_uid):
    household = get_household_for_user(request.user, household_uid, log=False)
    if not is_case_worker(request.user):
        raise Http404
    location = actions.service_location(household)
    services = services_visible_to(request.user).filter(active=True)
    if location is not None:
        services = services.filter(governorates=location.governorate_id)
    initial = {
        "need": request.GET.get("need", ""),
        "reason": request.GET.get("reason", ""),
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
            "can_override": can_override(request.user),
        },
    )


@login_required
def detail(request, uid):
    referral = get_referral_for_user(request.user, uid)
    receiver, sender = is_receiver(request.user, referral), is_sender(request.user, referral)
    form = ReferralActionForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if form.is_valid():
            try:
                actions.act_on_referral(request.user, referral, action, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                for message in getattr(exc, "messages", [str(exc)]):
                    messages.error(request, message)
            else:
                messages.success(request, _("Saved."))
            return redirect("referrals:detail", uid=referral.uid)
    available = [
        (action, ACTION_LABELS[action], needs)
        for action, (sources, _target, who, needs) in LIFECYCLE.items()
        if referral.status in sources and (receiver if who == "receiver" else sender)
    ]
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "events": referral.events.select_related("actor"),
            "available": available,
            "form": form,
            "sender": sender,
            "overdue": referral.is_overdue(),
        },
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
    scope = get_scope(request.user)
    orgs = scope.orgs_with_role("partner_focal_point")
    if not orgs and not scope.has_role("admin"):
        raise Http404
    form = ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from masar.accounts.models import Organisation

        organisation = Organisation.objects.get(pk=sorted(orgs)[0]) if orgs else None
        if organisation is None or not can_manage_service(request.user, organisation.pk):
            raise Http404
        data = dict(form.cleaned_data)
        governorates = data.pop("governorates")
        actions.publish_service(request.user, organisation, data, governorates)
        messages.success(request, _("Service published."))
        return redirect("referrals:services")
    return render(request, "referrals/service_form.html", {"form": form})


@login_required
def report(request):
    if not get_scope(request.user).has_role(
        "case_worker", "case_supervisor", "partner_focal_point", "admin", "im_officer"
    ):
        raise Http404
    return render(request, "referrals/report.html", {"report": queries.report(request.user)})
