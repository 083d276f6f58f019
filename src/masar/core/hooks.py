"""Named hooks: how a lower app lets higher apps react to it without importing them.

An app publishes a hook in its own `hooks.py` and calls it where the others may plug in:

    household_written = Hook("cases.household_written")   # masar/cases/hooks.py
    household_written.call(household.pk)                   # in a cases action

An app above it registers a listener in its `listeners.py`:

    @household_written.register(order=10)                  # masar/dedup/listeners.py
    def refresh_keys(household_id): ...

Every app's `listeners.py` is imported when Django starts (`CoreConfig.ready`), the way menu
entries are read from `nav.py`, so the caller never names its listeners: an app removed from
`INSTALLED_APPS` is simply not called, and the import graph keeps pointing downwards (checked
by the import-linter contract in `pyproject.toml`). Unlike Django's signals, listeners run in a
declared order and their answers come back to the caller (sections of a page, candidates).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, overload

from masar.lib.discovery import import_app_modules

LISTENER_MODULE = "listeners"
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Listener:
    func: Callable[..., Any]
    order: int

    @property
    def name(self) -> str:
        return f"{self.func.__module__}.{self.func.__qualname__}"


class Hook:
    """A named point where listeners plug in; `call` runs them by `order`, then by name."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._listeners: dict[str, Listener] = {}

    def __repr__(self) -> str:
        return f"<Hook {self.name}>"

    @overload
    def register(self, func: F, *, order: int = ...) -> F: ...

    @overload
    def register(self, func: None = ..., *, order: int = ...) -> Callable[[F], F]: ...

    def register(self, func: F | None = None, *, order: int = 50) -> F | Callable[[F], F]:
        """Register `func` (as `@hook.register` or `@hook.register(order=10)`).

        Registering the same function again replaces it, so re-importing a listeners module
        never runs a listener twice."""

        def add(func: F) -> F:
            listener = Listener(func, order)
            self._listeners[listener.name] = listener
            return func

        return add(func) if func is not None else add

    def listeners(self) -> list[Listener]:
        return sorted(self._listeners.values(), key=lambda item: (item.order, item.name))

    def call(self, *args: Any, **kwargs: Any) -> list[Any]:
        """Run every listener with the same arguments; return their answers in order."""
        return [listener.func(*args, **kwargs) for listener in self.listeners()]


def discover_listeners() -> None:
    """Import every app's `listeners.py`, registering what it declares."""
    import_app_modules(LISTENER_MODULE)
