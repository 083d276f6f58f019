from masar.accounts.grants import get_grants
from masar.core.nav import items_for


def navigation(request):
    """Give every page the menu entries the user's roles allow."""
    grants = get_grants(getattr(request, "user", None))
    current = request.resolver_match.view_name if request.resolver_match else ""
    return {"nav_items": items_for(grants), "nav_current": current}
