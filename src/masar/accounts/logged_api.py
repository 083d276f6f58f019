"""Every API list of personal records logs the records it served, in one place for all apps.

A viewset names its `access_record_type` and puts `LoggedReadsMixin` first among its bases:
each page a client receives (from `list` or a POST search) logs one read per record on that
page, never the whole query; the single object of `retrieve` is logged by the default
`get_object`, unless the viewset's own `get_object` goes through its app's access helper,
which logs already.
"""

from __future__ import annotations

from typing import Any

from .actions import log_access, log_accesses


class LoggedReadsMixin:
    access_record_type: str = ""

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)  # type: ignore[misc]
        self.log_shown(queryset if page is None else page)
        return page

    def get_object(self) -> Any:
        obj = super().get_object()  # type: ignore[misc]
        log_access(self.request.user, self.access_record_type, obj.uid, via="api")  # type: ignore[attr-defined]
        return obj

    def log_shown(self, records: Any) -> None:
        user = self.request.user  # type: ignore[attr-defined]
        log_accesses(user, self.access_record_type, [r.uid for r in records], via="api")
