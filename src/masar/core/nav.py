"""The navigation menu: each app registers its entries here from its own `nav.py`.

The registry sits in core so that every app can declare its entries without importing the web
layer that draws the menu (`masar.web`, which discovers the `nav.py` modules at start-up).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.urls import reverse


class Audience(Protocol):
    """What a menu entry asks of the user (`masar.accounts.grants.Grants`)."""

    @property
    def authenticated(self) -> bool: ...

    def holds(self, *roles: str) -> bool: ...


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] | None = None  # None: every signed-in user
    order: int = 50
    public: bool = False

    def visible(self, grants: Audience) -> bool:
        if self.public:
            return True
        if not grants.authenticated:
            return False
        return self.roles is None or grants.holds(*self.roles)

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_registry: dict[str, NavItem] = {}


def register(*items: NavItem) -> None:
    for item in items:
        _registry[item.url_name] = item


def items_for(grants: Audience) -> list[NavItem]:
    return sorted(
        (item for item in _registry.values() if item.visible(grants)),
        key=lambda item: (item.order, str(item.label)),
    )
