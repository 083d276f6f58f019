"""The Account page: two-factor authentication and the user's own password.

Thin pages over `actions_security` and `queries`; they decide nothing about records."""

from __future__ import annotations

import segno
from axes.helpers import get_cool_off, get_failure_limit
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from .actions_security import confirm_totp, disable_totp, start_totp_enrolment, verify_totp
from .forms import CodeForm
from .queries import confirmed_device, two_factor_required


def _next_or(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout answer: when to try again, and never the username that was typed."""
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    context = {"failure_limit": get_failure_limit(request, credentials), "minutes": minutes}
    return render(request, "accounts/locked_out.html", context, status=429)


@login_required
def account(request):
    return render(
        request,
        "accounts/account.html",
        {
            "device": confirmed_device(request.user),
            "required": two_factor_required(request.user),
            "form": CodeForm(),
        },
    )


@login_required
def two_factor_enrol(request):
    """Show a new authenticator key (as text and as a QR code drawn here), then confirm it."""
    if confirmed_device(request.user) is not None:
        return redirect("accounts:account")
    device = start_totp_enrolment(request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        try:
            device = confirm_totp(request.user, form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is on."))
            return redirect(_next_or(request, reverse("accounts:account")))
    uri = device.config_url
    # segno draws the SVG from our own URI on the server: no external service, no script.
    qr = mark_safe(segno.make(uri, error="m").svg_inline(scale=4))
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {"form": form, "uri": uri, "qr": qr, "next": _next_or(request, "")},
    )


@login_required
def two_factor_verify(request):
    """The second sign-in step for a user with an authenticator."""
    if request.user.is_verified() or confirmed_device(request.user) is None:
        return redirect(_next_or(request, reverse("home")))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        try:
            device = verify_totp(request.user, form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            otp_login(request, device)
            return redirect(_next_or(request, reverse("home")))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_or(request, "")}
    )


@require_POST
@login_required
def two_factor_disable(request):
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            disable_totp(request.user, form.cleaned_data["code"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Two-factor authentication is off."))
    return redirect("accounts:account")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        messages.success(self.request, gettext_lazy("Your password was changed."))
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
