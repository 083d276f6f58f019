"""The navigation menu: each app registers its entries here from its own `nav.py`."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from masar.accounts.scope import Scope


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] | None = None  # None: every signed-in user
    order: int = 50
    public: bool = False

    def visible(self, scope: Scope) -> bool:
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


def items_for(scope: Scope) -> list[NavItem]:
    return sorted(
        (item for item in _registry.values() if item.visible(scope)),
        key=lambda item: (item.order, str(item.label)),
    )
