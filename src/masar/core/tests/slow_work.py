"""A kind of work for the worker tests: slow and steady, so that a test can kill its worker
half-way. The worker process imports this module (see `test_worker_killed`)."""

from __future__ import annotations

import time

from masar.core.jobs import register

SLOW = "test.slow"


@register(SLOW)
def slow(user, progress, *, steps: int, pause: float) -> dict:
    for done in range(steps):
        progress(done, steps, "Working")
        time.sleep(pause)
    return {"outcome": "done"}
