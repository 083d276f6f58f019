"""Reads about a user's own sign-in security: two-factor devices and whether one is required."""

from __future__ import annotations

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from .grants import get_grants


def two_factor_required(user) -> bool:
    """Whether the user holds a role that settings.TWO_FACTOR_REQUIRED_ROLES names."""
    roles = tuple(getattr(settings, "TWO_FACTOR_REQUIRED_ROLES", ()))
    return bool(roles) and get_grants(user).holds(*roles)


def confirmed_device(user) -> TOTPDevice | None:
    """The user's confirmed authenticator, if they enrolled one."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_device(user) -> TOTPDevice | None:
    """An authenticator the user started to enrol but has not confirmed with a first code."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()
