"""The registry of demo-data generator steps.

Each app contributes steps from its own `demo.py` with `@step(...)`; `generate_demo_data` runs
them in order. A step receives a `DemoContext` and returns a summary of what it made. Steps are
deterministic for a seed: each gets its own random generator derived from the seed and its name,
so adding a step never changes what the others generate. The registry sits in core so that each
app declares its steps without importing `masar.demo`, which runs them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from hashlib import sha256

SCALES = ("small", "national")
# Demo data describes a fixed point in time so that every instance built from a seed is the same.
DEMO_TODAY = date(2024, 12, 31)


@dataclass
class DemoContext:
    seed: int
    scale: str
    today: date = DEMO_TODAY
    shared: dict = field(default_factory=dict)

    @property
    def national(self) -> bool:
        return self.scale == "national"

    def scaled(self, national_count: int, minimum: int = 1) -> int:
        """`small` keeps the national shape at about a tenth of the size."""
        return national_count if self.national else max(minimum, round(national_count / 10))

    def rng(self, name: str) -> random.Random:
        digest = sha256(f"{self.seed}:{name}".encode()).digest()
        return random.Random(int.from_bytes(digest[:8], "big"))


@dataclass(frozen=True)
class Step:
    name: str
    order: int
    func: Callable[[DemoContext], dict]
    label: str


_steps: dict[str, Step] = {}


def step(name: str, *, order: int, label: str = "") -> Callable:
    def register(func: Callable[[DemoContext], dict]) -> Callable[[DemoContext], dict]:
        _steps[name] = Step(name, order, func, label or name)
        return func

    return register


def get_steps() -> list[Step]:
    from masar.lib.discovery import import_app_modules

    import_app_modules("demo")
    return sorted(_steps.values(), key=lambda s: (s.order, s.name))
