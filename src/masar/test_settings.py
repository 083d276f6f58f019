"""Settings for the test suite: the production settings with faster, isolated pieces."""

import os
import tempfile

os.environ.setdefault("MASAR_DATA_DIR", tempfile.mkdtemp(prefix="masar-test-"))
os.environ.setdefault("SECRET_KEY", "test-secret-key-that-is-long-enough-for-the-system-check")

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Each test process (pytest-xdist worker) counts its own requests, and the suite's many API
# requests (the schema fuzz test) stay far below the rates; tests of throttling set tiny rates.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": tempfile.mkdtemp(prefix="masar-test-cache-"),
    }
}
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"user": "1000000/hour", "anon": "1000000/hour"},
}
