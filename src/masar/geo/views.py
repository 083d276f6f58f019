from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from . import queries
from .access import get_location_for_user, get_site_for_user
from .choices import SiteKind, SiteStatus
from .models import AdminArea
from .places import find_places


@login_required
def place_search(request):
    """Matches for the place picker: places are not personal data, so the whole country."""
    kind = request.GET.get("kind", "location")
    if kind not in ("location", "site", "area"):
        return JsonResponse({"error": "kind must be location, site or area"}, status=400)
    matches = find_places(request.GET.get("q", "")[:100], kind)
    results = [
        {"key": m.key, "name": m.name, "context": m.context, "label": m.label} for m in matches
    ]
    return JsonResponse({"results": results})


@login_required
def browser(request):
    return redirect("geo:area", pcode="IQ")


@login_required
def area_detail(request, pcode: str):
    area = get_object_or_404(AdminArea, pcode=pcode)
    children = queries.list_child_areas(request.user, area) if area.level < 3 else []
    locations = None
    if area.level >= 2:
        page = Paginator(queries.list_locations_in(request.user, area), 100)
        locations = page.get_page(request.GET.get("page"))
    return render(
        request,
        "geo/area_detail.html",
        {
            "area": area,
            "chain": queries.get_area_chain(area),
            "children": children,
            "locations": locations,
        },
    )


@login_required
def area_geojson(request, pcode: str):
    """Boundaries of the area's children and the points of its visible locations, for the map."""
    area = get_object_or_404(AdminArea, pcode=pcode)
    return JsonResponse(queries.get_area_map(request.user, area))


@login_required
def location_detail(request, uid):
    location = get_location_for_user(request.user, uid)
    return render(
        request,
        "geo/location_detail.html",
        {
            "location": location,
            "chain": queries.get_area_chain(location.area),
            "sites": location.sites.all(),
        },
    )


@login_required
def site_list(request):
    filters = {
        "kind": request.GET.get("kind", ""),
        "status": request.GET.get("status", ""),
        "governorate": request.GET.get("governorate", ""),
    }
    page = Paginator(queries.list_sites(request.user, **filters), 100)
    return render(
        request,
        "geo/site_list.html",
        {
            "sites": page.get_page(request.GET.get("page")),
            "filters": filters,
            "kinds": SiteKind.choices,
            "statuses": SiteStatus.choices,
            "governorates": AdminArea.objects.filter(level=1).order_by("name_en"),
        },
    )


@login_required
def site_detail(request, uid):
    site = get_site_for_user(request.user, uid)
    return render(request, "geo/site_detail.html", {"site": site})
