"""Paging of every API list, with a ceiling on the page size."""

from __future__ import annotations

from django.conf import settings
from rest_framework import pagination


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    """`?limit=` pages, never longer than MASAR_API_MAX_PAGE_SIZE: one request may not make the
    server build (and hold in memory) a whole registry; a client pages through `next` instead."""

    @property
    def max_limit(self) -> int:  # type: ignore[override]
        return settings.MASAR["API_MAX_PAGE_SIZE"]
