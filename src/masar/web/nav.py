"""The navigation menu: each app registers its entries here from its own `nav.py`."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from masar.accounts.grants import Grants


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] | None = None  # None: every signed-in user
    order: int = 50
    public: bool = False

    def visible(self, grants: Grants) -> bool:
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


def items_for(grants: Grants) -> list[NavItem]:
    return sorted(
        (item for item in _registry.values() if item.visible(grants)),
        key=lambda item: (item.order, str(item.label)),
    )
