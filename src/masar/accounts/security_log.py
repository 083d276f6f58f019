"""Sign-ins, sign-outs, failed sign-ins and lockouts, written to the `masar.security` logger.

Each line names the account by its database id and the client by its address (behind the
trusted proxies), so that an operator can follow an attack without the log holding what was
typed: never the password, and not the username either, which after a slip of the keyboard
may be the password itself.
"""

from __future__ import annotations

import logging

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from masar.lib.clients import request_client_address

log = logging.getLogger("masar.security")


def _client(request) -> str:
    return request_client_address(request) if request is not None else "-"


def _user_id(username: str | None) -> str:
    """The id of the account a username names, or "unknown" (the name itself is not logged)."""
    if not username:
        return "unknown"
    user_model = get_user_model()
    pk = (
        user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username})
        .values_list("pk", flat=True)
        .first()
    )
    return str(pk) if pk is not None else "unknown"


@receiver(user_logged_in, dispatch_uid="masar.security.logged_in")
def _logged_in(sender, request, user, **kwargs) -> None:
    log.info("sign-in user=%s client=%s", user.pk, _client(request))


@receiver(user_logged_out, dispatch_uid="masar.security.logged_out")
def _logged_out(sender, request, user, **kwargs) -> None:
    log.info("sign-out user=%s client=%s", getattr(user, "pk", "unknown"), _client(request))


@receiver(user_login_failed, dispatch_uid="masar.security.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username")
    log.warning("failed sign-in user=%s client=%s", _user_id(username), _client(request))


@receiver(user_locked_out, dispatch_uid="masar.security.locked_out")
def _locked_out(sender, request, username=None, ip_address=None, **kwargs) -> None:
    client = ip_address or _client(request)
    log.warning("lockout user=%s client=%s", _user_id(username), client)
