from masar.accounts.scope import get_scope
from masar.core.nav import items_for


def navigation(request):
    """Give every page the menu entries the user's roles allow."""
    scope = get_scope(getattr(request, "user", None))
    current = request.resolver_match.view_name if request.resolver_match else ""
    return {"nav_items": items_for(scope), "nav_current": current, "scope": scope}
