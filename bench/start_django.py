"""Start Django for a benchmark script.

A throwaway SQLite data directory unless DATABASE_URL names a database (as under
scripts/throwaway-postgres.sh), settings fit for the test client, then migrate. Benchmarks
import this with `sys.path` pointing at `bench/`.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start_django(prefix: str = "masar-bench-") -> None:
    sys.path.insert(0, str(ROOT / "src"))
    if "DATABASE_URL" not in os.environ:
        os.environ["MASAR_DATA_DIR"] = tempfile.mkdtemp(prefix=prefix)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masar.settings")
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
