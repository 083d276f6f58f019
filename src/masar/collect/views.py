"""The field-collection pages: the forms to download, device credentials, and the inbox of
submissions that wait for review."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from masar.core.fields import ModelForm

from . import access, actions, applying, pulling, queries
from . import jobs as collect_jobs
from .answers import read_answers
from .choices import SubmissionStatus
from .models import PullSource


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


@login_required
def inbox(request):
    """Submissions in the user's reach: by default those that wait, with why."""
    if not (access.is_reviewer(request.user) or access.is_collector(request.user)):
        raise Http404
    if request.method == "POST" and "apply_received" in request.POST:
        if not access.may_pull(request.user):
            raise Http404
        return redirect("job", uid=collect_jobs.start_apply(request.user).uid)
    status = request.GET.get("status", SubmissionStatus.WAITING)
    counts = queries.inbox_counts(request.user)
    form_id = request.GET.get("form", "")
    page = Paginator(queries.inbox(request.user, status=status, form_id=form_id), 50).get_page(
        request.GET.get("page")
    )
    titles = queries.form_titles()
    rows = [
        {
            "submission": submission,
            "title": titles.get(submission.form_id, submission.form_id),
            "problem": applying.problem_text(submission),
        }
        for submission in page
    ]
    return render(
        request,
        "collect/inbox.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": [
                (value, label, counts[value]) for value, label in SubmissionStatus.choices
            ],
            "may_apply": access.may_pull(request.user) and counts[SubmissionStatus.RECEIVED] > 0,
        },
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        label=gettext_lazy("Why it is rejected"),
    )


class CorrectionForm(forms.Form):
    """One text field per answer outside repeat groups, holding the answer as it now stands."""

    version_checked = forms.BooleanField(
        required=False, label=gettext_lazy("Checked: apply it on the current form version")
    )
    duplicates_checked = forms.BooleanField(
        required=False, label=gettext_lazy("Checked: not a household already registered")
    )

    def __init__(self, *args, answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for name, value in answers.items():
            if isinstance(value, str):
                self.fields[f"answer_{name}"] = forms.CharField(
                    required=False, initial=value, label=name, max_length=2000
                )

    def corrections(self, answers: dict) -> dict[str, str]:
        """The answers the reviewer changed; a field left out of the post is left as it was."""
        return {
            key[len("answer_") :]: value
            for key, value in self.cleaned_data.items()
            if key.startswith("answer_")
            and key in self.data
            and value != answers.get(key[len("answer_") :])
        }


@login_required
def submission_detail(request, uid):
    names = queries.form_names()
    submission = access.get_submission(request.user, uid, names)
    form = queries.questionnaire(submission.form_id)
    reviewable = access.may_review(request.user, submission, names.get(submission.form_id))
    repeats = applying.repeats_of(form) if form else []
    answers = read_answers(submission, repeats)
    correction = CorrectionForm(request.POST if "apply" in request.POST else None, answers=answers)
    reject = RejectForm(request.POST if "reject" in request.POST else None)
    waiting = submission.status in (SubmissionStatus.RECEIVED, SubmissionStatus.WAITING)
    if request.method == "POST":
        if not (reviewable and waiting):
            raise Http404
        try:
            if "apply" in request.POST and correction.is_valid():
                result = applying.correct_and_apply(
                    request.user,
                    submission,
                    correction.corrections(answers),
                    version_checked=correction.cleaned_data["version_checked"],
                    duplicates_checked=correction.cleaned_data["duplicates_checked"],
                )
                if result.status == SubmissionStatus.APPLIED:
                    messages.success(request, _("Applied."))
                else:
                    messages.error(request, applying.problem_text(result))
                return redirect("collect:submission", uid=submission.uid)
            if "reject" in request.POST and reject.is_valid():
                applying.reject_submission(request.user, submission, reject.cleaned_data["reason"])
                messages.success(request, _("Rejected."))
                return redirect("collect:inbox")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return render(
        request,
        "collect/submission.html",
        {
            "submission": submission,
            "title": queries.form_titles().get(submission.form_id, submission.form_id),
            "problem": applying.problem_text(submission),
            "answers": [(k, v) for k, v in answers.items() if isinstance(v, str)],
            "groups": [(k, v) for k, v in answers.items() if isinstance(v, list)],
            "links": queries.links_of(submission),
            "attachments": list(submission.attachments.all()),
            "reviewable": reviewable and waiting,
            "correction": correction,
            "reject": reject,
        },
    )


class PullSourceForm(ModelForm):
    base_url = forms.URLField(label=gettext_lazy("Server URL"), assume_scheme="https")
    secret = forms.CharField(
        label=gettext_lazy("Token or password"),
        widget=forms.PasswordInput,
        required=False,
        help_text=gettext_lazy("Kept encrypted. Leave empty to read it from the variable."),
    )

    class Meta:
        model = PullSource
        fields = ["name", "kind", "base_url", "remote_form", "project", "form_id", "username"]
        fields += ["secret_env"]


@login_required
def pulls(request):
    """The KoBoToolbox and ODK Central forms pulled from, a new one, and "pull now"."""
    if not access.may_pull(request.user):
        raise Http404
    form = PullSourceForm(request.POST or None)
    if request.method == "POST" and "pull" in request.POST:
        source = PullSource.objects.filter(uid=request.POST["pull"]).first()
        if source is None:
            raise Http404
        try:
            job = collect_jobs.start_pull(request.user, source)
        except collect_jobs.PullBusy:
            messages.error(request, _("A pull of this source is already queued or running."))
            return redirect("collect:pulls")
        return redirect("job", uid=job.uid)
    if request.method == "POST" and form.is_valid():
        source = form.save(commit=False)
        source.created_by = request.user
        if form.cleaned_data["secret"]:
            source.secret_sealed = pulling.seal(form.cleaned_data["secret"])
        source.save()
        return redirect("collect:pulls")
    sources = list(PullSource.objects.order_by("name"))
    return render(
        request,
        "collect/pulls.html",
        {
            "form": form,
            "sources": sources,
            "busy": any(source.last_status in collect_jobs.BUSY for source in sources),
        },
    )
