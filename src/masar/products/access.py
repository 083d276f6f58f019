"""Who may publish releases: the tracking managers (the IM unit), as for publishing a round."""

from django.core.exceptions import PermissionDenied

from masar.accounts.choices import TRACKING_MANAGERS
from masar.accounts.grants import get_grants


def may_release(user) -> bool:
    return get_grants(user).holds(*TRACKING_MANAGERS)


def require_releaser(user) -> None:
    if not may_release(user):
        raise PermissionDenied("Only IM officers and administrators publish releases.")
