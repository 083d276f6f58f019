from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from masar.accounts.grants import get_grants, role_labels
from masar.geo import queries as geo_queries

from .panels import panels_for


@login_required
def home(request):
    """What the user works on today, a panel per area of work their roles call for, and the
    places they cover."""
    grants = get_grants(request.user)
    return render(
        request,
        "web/home.html",
        {
            "roles": role_labels(grants),
            "national": grants.governorates() is None,
            "geography": geo_queries.get_geography_summary(request.user),
            "panels": panels_for(request.user),
        },
    )
