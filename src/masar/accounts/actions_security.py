"""Writes for a user's sign-in security: authenticator enrolment and set-password links."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .queries import confirmed_device, pending_device, two_factor_required


@transaction.atomic
def start_totp_enrolment(user: AbstractBaseUser) -> TOTPDevice:
    """Return the user's unconfirmed authenticator, creating one with a fresh key.

    The device counts for nothing until `confirm_totp` sees a first code: a half-finished
    enrolment must not lock the user out of their account."""
    if confirmed_device(user) is not None:
        raise ValidationError(_("Two-factor authentication is already on."))
    device = pending_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def confirm_totp(user: AbstractBaseUser, token: str) -> TOTPDevice:
    """Turn the pending authenticator on once the user proves it works with a first code."""
    device = pending_device(user)
    if device is None:
        raise ValidationError(_("Start the enrolment again."))
    if not device.verify_token(token.strip()):
        raise ValidationError(_("That code is not valid. Try the current one."))
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device


def verify_totp(user: AbstractBaseUser, token: str) -> TOTPDevice:
    """Check a code against the user's authenticator (django-otp throttles repeated misses)."""
    device = confirmed_device(user)
    if device is None or not device.verify_token(token.strip()):
        raise ValidationError(_("That code is not valid. Try the current one."))
    return device


@transaction.atomic
def disable_totp(user: AbstractBaseUser, token: str) -> None:
    """Remove the user's authenticators, proved by a current code.

    Refused to a user whose role requires two factors: they would be sent straight back to
    enrol, and an attacker holding a stolen session could otherwise drop the second factor."""
    if two_factor_required(user):
        raise ValidationError(_("Your role requires two-factor authentication."))
    verify_totp(user, token)
    TOTPDevice.objects.filter(user=user).delete()


def set_password_path(user: User) -> str:
    """The path of a one-time link on which `user` chooses a new password.

    Whoever hands the link over never learns the password; the link stops working once used,
    when the password changes otherwise, or after PASSWORD_RESET_TIMEOUT."""
    return reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
