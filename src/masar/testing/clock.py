"""The clock of the test suite: real by default, or started at a chosen instant.

`MASAR_TEST_NOW=2026-12-31T23:30:00+03:00` makes every test of the session start at that instant
(the clock then runs on), so that a test reading "today" implicitly can be tried at midnight in
Baghdad, at a month's end or on 29 February before it meets that moment in production.
"""

from __future__ import annotations

import os
from datetime import datetime

import pytest
import time_machine

_STARTED_AT = pytest.StashKey[datetime]()


def pytest_configure(config):
    text = os.environ.get("MASAR_TEST_NOW", "").strip()
    if not text:
        return
    try:
        instant = datetime.fromisoformat(text)
    except ValueError as exc:
        raise pytest.UsageError(f"MASAR_TEST_NOW is not an ISO 8601 instant: {text!r}") from exc
    if instant.tzinfo is None:
        raise pytest.UsageError(f"MASAR_TEST_NOW needs a UTC offset, e.g. +03:00: {text!r}")
    traveller = time_machine.travel(instant, tick=True)
    traveller.start()
    config.add_cleanup(traveller.stop)
    config.stash[_STARTED_AT] = instant


def pytest_report_header(config):
    instant = config.stash.get(_STARTED_AT, None)
    if instant is not None:
        return f"clock: started at {instant.isoformat()} (MASAR_TEST_NOW)"
    return None
