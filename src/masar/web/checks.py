"""System checks guarding deployment invariants."""

from django.conf import settings
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
