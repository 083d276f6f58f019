"""Writes for organisations, users and memberships."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import transaction

from . import access_chain
from .choices import OrganisationKind, Role
from .grants import forget_grants
from .models import AccessLog, Membership, Organisation


def get_or_create_organisation(name: str, kind: str = OrganisationKind.NGO) -> Organisation:
    """Return the organisation called `name`, creating it with `kind` if it does not exist."""
    if kind not in OrganisationKind.values:
        raise ValidationError(f"Unknown organisation kind {kind!r}.")
    organisation, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
    return organisation


@transaction.atomic
def create_user(
    *,
    username: str,
    role: str,
    organisation: str,
    organisation_kind: str = OrganisationKind.NGO,
    governorates: Iterable[str] = (),
    password: str | None = None,
    email: str = "",
) -> AbstractUser:
    """Create (or update) a user with one membership; idempotent so set-up scripts can re-run.

    Governorates are given as P-codes; an unknown code is refused rather than ignored, because a
    silently dropped governorate would widen the user's scope to the whole country. A password
    must pass AUTH_PASSWORD_VALIDATORS, as on the password pages; a refused one creates nothing.
    """
    if role not in Role.values:
        raise ValidationError(f"Unknown role {role!r}; expected one of {', '.join(Role.values)}.")
    pcodes = [code.strip().upper() for code in governorates if code.strip()]
    # The membership's own relation names the area model: accounts sits below geo and does
    # not import it.
    area_model = Membership._meta.get_field("governorates").related_model
    areas: dict[str, int] = dict(
        area_model._default_manager.filter(level=1, pcode__in=pcodes).values_list("pcode", "pk")
    )
    missing = sorted(set(pcodes) - set(areas))
    if missing:
        raise ValidationError(f"Unknown governorate P-code(s): {', '.join(missing)}.")
    org = get_or_create_organisation(organisation, organisation_kind)
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username, defaults={"email": email})
    if password:
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError([_password_refused(message) for message in exc.messages]) from exc
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    membership, _ = Membership.objects.get_or_create(user=user, organisation=org, role=role)
    membership.governorates.set(list(areas.values()))
    # Administrators use the admin site; a second, non-admin membership must not demote them.
    admin = user.memberships.filter(role=Role.ADMIN, is_active=True).exists()
    user.is_staff = user.is_superuser = admin
    user.save()
    forget_grants(user)
    return user


def _password_refused(reason: str) -> str:
    return f"Password refused: {reason}"


def log_access(
    user, record_type: str, record_uid: uuid.UUID, *, via: str = "page", action: str = "view"
) -> None:
    """Record that `user` read (or exported) a personal record, never the record's content."""
    log_accesses(user, record_type, [record_uid], via=via, action=action)


def log_accesses(
    user,
    record_type: str,
    record_uids: Iterable[uuid.UUID],
    *,
    via: str = "page",
    action: str = "view",
) -> int:
    """Record one read per record a list, search or export showed; return how many were logged.

    A list page logs once per request with every record it showed, so that "who saw this
    household" also answers for people who only saw it in a search result.
    """
    actor = user if user is not None and user.is_authenticated else None
    rows = [
        AccessLog(user=actor, record_type=record_type, record_uid=uid, via=via, action=action)
        for uid in dict.fromkeys(record_uids)
    ]
    access_chain.append(rows)
    return len(rows)
