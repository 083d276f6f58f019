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
