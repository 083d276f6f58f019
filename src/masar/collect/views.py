"""The field-collection pages: the forms to download, and the credentials of one's devices."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
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


@login_required
def forms_page(request):
    """The questionnaires the user may fill: XLSForms to download for KoBoToolbox or ODK
    Central, with the lists they read."""
    if not access.is_collector(request.user):
        raise Http404
    return render(
        request,
        "collect/forms.html",
        {
            "forms": queries.questionnaires_for(request.user),
            "server_url": request.build_absolute_uri("/collect").rstrip("/"),
        },
    )


def _fillable(user, form_id: str):
    form = queries.questionnaire(form_id)
    if form is None or not access.may_fill(user, form.name):
        raise Http404
    return form


@login_required
def xlsform(request, form_id: str):
    form = _fillable(request.user, form_id)
    response = HttpResponse(
        form.xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{form.form_id}-{form.version}.xlsx"'
    return response


@login_required
def form_list_file(request, form_id: str, filename: str):
    """One of the form's CSV lists, as far as the user's grants reach."""
    data = queries.media_csv(request.user, _fillable(request.user, form_id), filename)
    if data is None:
        raise Http404
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
