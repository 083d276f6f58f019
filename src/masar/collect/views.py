"""The page where a field worker creates and revokes the credentials of their devices."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import access, actions, queries


class DeviceForm(forms.Form):
    label = forms.CharField(
        max_length=100,
        label=gettext_lazy("Device"),
        help_text=gettext_lazy("Which phone or tablet, e.g. 'Tablet 12'."),
    )


@login_required
def devices(request):
    """List the user's device credentials; a new one's secret is shown on this answer only."""
    if not access.is_collector(request.user):
        raise Http404
    form = DeviceForm(request.POST or None)
    created = secret = None
    if request.method == "POST" and form.is_valid():
        created, secret = actions.create_credential(request.user, form.cleaned_data["label"])
        form = DeviceForm()
    server_url = request.build_absolute_uri("/collect").rstrip("/")
    return render(
        request,
        "collect/devices.html",
        {
            "form": form,
            "credentials": queries.credentials_of(request.user),
            "created": created,
            "secret": secret,
            "server_url": server_url,
        },
    )


@login_required
@require_POST
def revoke(request, uid):
    credential = access.own_credential(request.user, uid)
    actions.revoke_credential(credential)
    messages.success(
        request, _("The credential of %(device)s is revoked.") % {"device": credential.label}
    )
    return redirect("collect:devices")
