from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from masar.geo.access import get_location_for_user
from masar.tracking.access import get_round

from . import access, actions, engine, exports, queries
from .choices import Category, HotspotReason
from .forms import AnswersForm, ChooseAssessmentForm
from .jobs import start_computing
from .models import IndexResult, IndicatorValue, Methodology


def _round(request, uid):
    """A round the user may see: drafts and validated rounds stay with tracking managers."""
    return get_round(request.user, uid)


def _computed(round, name: str, version: str | None) -> Methodology:
    """The methodology version of a dashboard: the newest computed in that round by default."""
    versions = IndexResult.objects.filter(round=round, methodology__name=name)
    if version and version.isdigit():
        versions = versions.filter(methodology__version=int(version))
    methodology_id = (
        versions.order_by("-methodology__version").values_list("methodology_id", flat=True).first()
    )
    if methodology_id is None:
        raise Http404
    return Methodology.objects.get(id=methodology_id)


@login_required
def home(request):
    rounds = queries.rounds_with_results(request.user)
    if rounds:
        methodologies = queries.methodologies_computed_in(rounds[0])
        return redirect("indices:dashboard", round_uid=rounds[0].uid, name=methodologies[0].name)
    return render(
        request, "indices/home.html", {"methodologies": Methodology.objects.order_by("name")}
    )


@login_required
def dashboard(request, round_uid, name):
    round = _round(request, round_uid)
    methodology = _computed(round, name, request.GET.get("version"))
    data = queries.get_dashboard(request.user, round, methodology)
    return render(
        request,
        "indices/dashboard.html",
        {
            "round": round,
            "methodology": methodology,
            "eng": methodology.engine,
            "rounds": queries.rounds_with_results(request.user, name),
            "computed": queries.methodologies_computed_in(round),
            "category_labels": dict(Category.choices),
            "reasons": dict(HotspotReason.choices),
            **data,
        },
    )


@login_required
def dashboard_map(request, round_uid, name):
    round = _round(request, round_uid)
    methodology = _computed(round, name, request.GET.get("version"))
    return JsonResponse(queries.get_map(request.user, round, methodology))


@login_required
def export(request, round_uid, name, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    round = _round(request, round_uid)
    methodology = _computed(round, name, request.GET.get("version"))
    filename = f"{methodology.name}-v{methodology.version}-{round.end_date:%Y-%m-%d}.{fmt}"
    if fmt == "xlsx":
        response = HttpResponse(
            exports.results_xlsx(request.user, round, methodology),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            exports.results_csv(request.user, round, methodology),
            content_type="text/csv; charset=utf-8",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def methodology_list(request):
    return render(
        request,
        "indices/methodology_list.html",
        {"methodologies": Methodology.objects.order_by("name", "-version")},
    )


@login_required
def methodology_detail(request, name, version):
    methodology = get_object_or_404(Methodology, name=name, version=version)
    diagnostics = methodology.diagnostics or {}
    eng = methodology.engine
    coefficients = [
        {
            "indicator": i,
            "weight": i.weight,
            **(diagnostics.get("coefficients", {}).get(i.code) or {}),
        }
        for i in eng.indicators
    ]
    return render(
        request,
        "indices/methodology_detail.html",
        {
            "methodology": methodology,
            "eng": eng,
            "diagnostics": diagnostics,
            "coefficients": coefficients,
            "constant": diagnostics.get("coefficients", {}).get("const"),
            "yaml": engine.dump_definition(methodology.definition),
            "other_versions": Methodology.objects.filter(name=name).exclude(id=methodology.id),
        },
    )


@login_required
def location_scores(request, uid):
    location = get_location_for_user(request.user, uid)
    return render(
        request,
        "indices/location_scores.html",
        {"location": location, "history": queries.location_history(request.user, location)},
    )


@login_required
def assess(request):
    """Key-informant answers for one location, index and round; made for a phone screen."""
    rounds = access.assessable_rounds(request.user)
    actions.ensure_shipped_methodologies()
    methodologies = queries.latest_methodologies()
    choose = ChooseAssessmentForm(request.GET or None, methodologies=methodologies, rounds=rounds)
    context = {"choose": choose, "rounds": rounds}
    if not choose.is_valid():
        return render(request, "indices/assess.html", context)
    location = access.assessable_location(request.user, choose.cleaned_data["location"])
    if location is None:
        choose.add_error("location", _("No location with this id in your area."))
        return render(request, "indices/assess.html", context)
    round = next(r for r in rounds if str(r.uid) == choose.cleaned_data["round"])
    methodology = queries.get_methodology(choose.cleaned_data["index"])
    existing = dict(
        IndicatorValue.objects.filter(
            round=round, location=location, index=methodology.name
        ).values_list("indicator", "value")
    )
    form = AnswersForm(
        request.POST or None,
        methodology=methodology.engine,
        initial={code: f"{value:g}" for code, value in existing.items()},
    )
    if request.method == "POST" and form.is_valid():
        stored = actions.record_answers(
            round, location, methodology.name, form.cleaned_data, user=request.user
        )
        messages.success(
            request,
            _("%(count)d answers saved for %(location)s.")
            % {"count": stored, "location": location.name},
        )
        return redirect(f"{reverse('indices:assess')}?{request.GET.urlencode()}")
    context.update(location=location, round=round, methodology=methodology, form=form)
    return render(request, "indices/assess.html", context)


@login_required
@require_POST
def compute(request, round_uid):
    """Start computing the round's indices (tracking managers), then follow the job."""
    round_ = _round(request, round_uid)
    if not access.can_compute(request.user):
        raise Http404
    return redirect("job", uid=start_computing(request.user, round_).uid)
