"""System checks guarding deployment invariants."""

from django.conf import settings
from django.core import checks
from django.core.checks import Error, Tags, register


@register(Tags.security)
def check_secret_key(app_configs, **kwargs):
    if not settings.DEBUG and len(settings.SECRET_KEY) < 32:
        return [
            Error(
                "SECRET_KEY is shorter than 32 characters while DEBUG is off.",
                hint="Set a long random SECRET_KEY (see .env.example) or unset it to let Masar "
                "generate one in MASAR_DATA_DIR.",
                id="masar.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_two_factor_roles(app_configs, **kwargs):
    """Administrators and PSEA focal points reach everything or the most sensitive tickets: in
    production a stolen password alone must not be enough for them."""
    if not getattr(settings, "TWO_FACTOR_REQUIRED_ROLES", ()):
        return [
            checks.Warning(
                "No role is required to use two-factor authentication.",
                hint="Set MASAR_2FA_REQUIRED_ROLES=admin,psea_focal_point (see .env.example).",
                id="masar.W010",
            )
        ]
    return []
