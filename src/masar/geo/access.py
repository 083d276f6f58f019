"""Permission-checked access to locations and sites, scoped by the user's governorates."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from masar.accounts.grants import filter_by_governorate

from .models import Location, Site


def locations_visible_to(user) -> QuerySet[Location]:
    return filter_by_governorate(Location.objects.all(), user)


def sites_visible_to(user) -> QuerySet[Site]:
    return filter_by_governorate(Site.objects.all(), user)


def get_location_for_user(user, uid) -> Location:
    """Return the location if the user may see it; out of scope is indistinguishable from absent."""
    try:
        return locations_visible_to(user).select_related("area", "governorate").get(uid=uid)
    except (Location.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def get_site_for_user(user, uid) -> Site:
    try:
        return sites_visible_to(user).select_related("location__area", "governorate").get(uid=uid)
    except (Site.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
