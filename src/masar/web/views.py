from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from masar.accounts.grants import get_grants, role_labels
from masar.geo import queries as geo_queries


@login_required
def home(request):
    """The dashboard shell: what the user covers, and the figures of each area of work."""
    grants = get_grants(request.user)
    return render(
        request,
        "web/home.html",
        {
            "roles": role_labels(grants),
            "national": grants.governorates() is None,
            "geography": geo_queries.get_geography_summary(request.user),
        },
    )
