"""The navigation menu: each app registers its entries here from its own `nav.py`.

The registry sits in core so that every app can declare its entries without importing the web
layer that draws the menu (`masar.web`, which discovers the `nav.py` modules at start-up).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.urls import reverse


class Audience(Protocol):
    """What a menu entry asks of the user's scope (`masar.accounts.scope.Scope`)."""

    @property
    def authenticated(self) -> bool: ...

    def has_role(self, *roles: str) -> bool: ...


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] | None = None  # None: every signed-in user
    order: int = 50
    public: bool = False

    def visible(self, scope: Audience) -> bool:
        if self.public:
            return True
        if not scope.authenticated:
            return False
        return self.roles is None or scope.has_role(*self.roles)

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_registry: dict[str, NavItem] = {}


def register(*items: NavItem) -> None:
    for item in items:
        _registry[item.url_name] = item


def items_for(scope: Audience) -> list[NavItem]:
    return sorted(
        (item for item in _registry.values() if item.visible(scope)),
        key=lambda item: (item.order, str(item.label)),
    )
